#!/usr/bin/env bash
# Gives MODEL to every mnv3c subcommand that loads a model, and IR also to
# mnv3-opt (plain and with --mnv3-default), and prints one line per run:
#
#   TOOL exit=STATUS stdout=BYTES: FIRST LINE OF STDERR
#
# so a test can check, with FileCheck, each exit status (a crash is 134 or
# 139, a hang killed after 60 s is 124) and the first error message.
#   each-tool.sh MODEL WORKDIR      (WORKDIR receives input.f32 and out/)
# Needs mnv3c and mnv3-opt on PATH.
set -u
model=$1 work=$2
mkdir -p "$work"
# Input for `run`: any bytes do, the model is rejected before they are read.
printf '%032d' 0 > "$work/input.f32"

each() {
  local name=$1
  shift
  timeout 60 "$@" > "$work/stdout" 2> "$work/stderr"
  local status=$?
  printf '%s exit=%d stdout=%d: %s\n' "$name" "$status" \
    "$(wc -c < "$work/stdout")" "$(head -n 1 "$work/stderr")"
}

each import mnv3c import "$model"
each run mnv3c run "$model" --input "$work/input.f32"
each graph mnv3c graph "$model"
each compile mnv3c compile "$model" -o "$work/out"
case "$model" in
  *.mlir)
    each mnv3-opt mnv3-opt "$model"
    each mnv3-opt-default mnv3-opt --mnv3-default "$model" ;;
esac
