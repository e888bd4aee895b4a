# Sourced by the image's entrypoint (docker/bin/lossnb-entrypoint) before the server starts, as the
# notebook user, standalone and under JupyterHub alike. Copies the course notebooks
# from the image into ~/lossnb/ (LOSSNB_HOME_DIR) -- only the ones that are missing:
# a notebook a student has already got, edited or saved is never overwritten, so a
# new image or a restarted server loses nothing. When the image has a newer release
# of a notebook, it says so in the log; the student brings it in when they choose,
# with `lossnb update` in a JupyterLab terminal, which keeps their answers (the two
# variables exported here tell it where the course and the copy are).
# It is sourced, not run: no `exit`, and its variables are prefixed.
_lossnb_src=${LOSSNB_NOTEBOOKS:-/opt/lossnb/notebooks}
_lossnb_dst=${LOSSNB_HOME_DIR:-${HOME}/lossnb}
if [ -d "${_lossnb_src}" ]; then
    export LOSSNB_NOTEBOOKS="${_lossnb_src}" LOSSNB_WORK="${_lossnb_dst}"
    if command -v lossnb >/dev/null 2>&1; then
        lossnb seed -course "${_lossnb_src}" -work "${_lossnb_dst}" ||
            echo "lossnb: could not copy the course into ${_lossnb_dst} (see above); the server starts anyway" >&2
    elif mkdir -p "${_lossnb_dst}"; then
        # No lossnb command (an image built without it): the same rule, by hand.
        for _lossnb_f in "${_lossnb_src}"/*.ipynb "${_lossnb_src}"/images; do
            [ -e "${_lossnb_f}" ] || continue
            if [ ! -e "${_lossnb_dst}/$(basename "${_lossnb_f}")" ]; then
                cp -R "${_lossnb_f}" "${_lossnb_dst}/"
            fi
        done
    fi
fi
unset _lossnb_src _lossnb_dst _lossnb_f
