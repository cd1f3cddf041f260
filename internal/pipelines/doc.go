// Package pipelines holds the tests of the CI pipelines shipped in
// examples/pipelines (GitHub Actions, GitLab CI and the scripts both run):
// the files are what the pipelines guide shows, and the tests run the
// scripts' commands with the real terraform against the emulator. It has no
// code of its own.
package pipelines
