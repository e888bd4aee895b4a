# Sourced by docker-stacks' start.sh (run-hooks.sh) before the server starts, as the
# notebook user, standalone and under JupyterHub alike. Copies the course notebooks
# from the image into ~/lossnb/ (LOSSNB_HOME_DIR) -- only the ones that are missing:
# a notebook a student has already got, edited or saved is never overwritten, so a
# new image or a restarted server loses nothing. Delete a notebook to get it afresh.
# It is sourced, not run: no `exit`, and its variables are prefixed.
_lossnb_src=${LOSSNB_NOTEBOOKS:-/opt/lossnb/notebooks}
_lossnb_dst=${LOSSNB_HOME_DIR:-${HOME}/lossnb}
if [ -d "${_lossnb_src}" ] && mkdir -p "${_lossnb_dst}"; then
    for _lossnb_f in "${_lossnb_src}"/*.ipynb "${_lossnb_src}"/images; do
        [ -e "${_lossnb_f}" ] || continue
        if [ ! -e "${_lossnb_dst}/$(basename "${_lossnb_f}")" ]; then
            cp -R "${_lossnb_f}" "${_lossnb_dst}/"
        fi
    done
fi
unset _lossnb_src _lossnb_dst _lossnb_f
