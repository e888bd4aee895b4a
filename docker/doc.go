// Package docker holds no code. Its tests check the classroom image's recipe
// (docker/Dockerfile) against the repository's pin files, and exercise the pieces of the
// image that can run without a Docker engine: the Go installer, the kernel install into
// another prefix, and the start hook that copies notebooks into a student's home.
package docker
