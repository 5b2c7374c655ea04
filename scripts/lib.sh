#!/usr/bin/env bash
# Shared helpers for scripts/test and scripts/quickstart.
#
# Source it:            source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Or call one function: scripts/lib.sh ensure_postgres
#
# The ensure_* functions are written for a fresh Debian/Ubuntu machine (or container) without
# systemd: they install what is missing and start services by hand. On a machine where the
# services already run they only check, so they are cheap enough to call on every run.
set -euo pipefail

ROLF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROLF_ROOT

# Progress goes to stderr so that stdout stays free for what a script actually prints
# (quickstart's summary, or a value captured with $(...)).
log() { printf '==> %s\n' "$*" >&2; }
die() {
	printf '==> ERROR: %s\n' "$*" >&2
	exit 1
}

# Run a command as root: directly when we are root (containers, CI), through sudo otherwise.
as_root() {
	if [[ $EUID -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root to run '$*' (and sudo is not installed)"
	fi
}

# `dpkg -s` also succeeds for packages that were removed but left their config files behind,
# so look at the status line rather than the exit code.
_pkg_installed() {
	dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'
}

# One `apt-get update` per script run: it is the slow part, and an index fetched a minute ago
# is good enough for every later install.
_ROLF_APT_UPDATED=${_ROLF_APT_UPDATED:-}

# ensure_apt PKG...: install the Debian packages that are not installed yet.
ensure_apt() {
	local pkg missing=()
	for pkg in "$@"; do
		_pkg_installed "$pkg" || missing+=("$pkg")
	done
	[[ ${#missing[@]} -eq 0 ]] && return 0

	command -v apt-get >/dev/null 2>&1 ||
		die "missing packages (${missing[*]}) and no apt-get: install them by hand"
	if [[ -z $_ROLF_APT_UPDATED ]]; then
		log "apt-get update"
		as_root apt-get update -qq
		_ROLF_APT_UPDATED=1
	fi
	log "installing ${missing[*]}"
	# env(1) because sudo would drop a plain VAR=value prefix.
	as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# ensure_command CMD PKG: install PKG unless CMD is already on the PATH. For tools that may come
# from somewhere other than the obvious package (psql from postgresql-client-15, a rustup cc...).
ensure_command() {
	command -v "$1" >/dev/null 2>&1 || ensure_apt "$2"
}

# ensure_chromium: Debian's Chromium for the browser tests and the web bench (never a downloaded browser).
# With its recommended packages: the fonts among them are what pages are rendered and measured with.
ensure_chromium() {
	[[ -x /usr/bin/chromium ]] && return 0
	log "installing Debian's chromium"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
}

# ensure_slapd: OpenLDAP's server and client tools, without the package's own configured server.
# Tests and the quickstart run throwaway servers from their own config files instead.
ensure_slapd() {
	if ! _pkg_installed slapd; then
		# Without this the package asks for a domain and admin password, and then starts a
		# system-wide server nobody wants.
		echo "slapd slapd/no_configuration boolean true" | as_root debconf-set-selections
	fi
	ensure_apt slapd ldap-utils
	# slapd and slapadd live in /usr/sbin, which is not on every user's PATH.
	case ":$PATH:" in *:/usr/sbin:*) ;; *) export PATH="$PATH:/usr/sbin" ;; esac
}

# wait_http URL TIMEOUT_SECONDS [PID]: poll URL until it answers 200.
# With PID, give up as soon as that process dies: no point waiting a minute for a server that
# crashed on startup.
wait_http() {
	local url=$1 timeout=$2 pid=${3:-} code=
	local deadline=$((SECONDS + timeout))
	while ((SECONDS < deadline)); do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
		[[ $code == 200 ]] && return 0
		if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
			printf '==> ERROR: process %s exited before %s answered\n' "$pid" "$url" >&2
			return 1
		fi
		sleep 0.5
	done
	printf '==> ERROR: %s did not answer 200 within %ss (last status: %s)\n' \
		"$url" "$timeout" "${code:-none}" >&2
	return 1
}

# The Debian packaging keeps one directory per major version under /etc/postgresql.
_pg_version() {
	# shellcheck disable=SC2012 # version directories are plain numbers
	ls /etc/postgresql 2>/dev/null | head -1
}

_pg_start_cluster() {
	local version
	version=$(_pg_version)
	[[ -n $version ]] || die "no cluster under /etc/postgresql to start"
	log "starting PostgreSQL $version (cluster main)"
	# --skip-systemctl-redirect: containers and CI runners have no systemd to redirect to.
	# A failure here is not final: the cluster may have been started meanwhile (e.g. by the
	# package's postinst), and readiness below is the check that counts.
	as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
		log "pg_ctlcluster start failed; checking whether PostgreSQL is up anyway"
}

_pg_wait_ready() {
	local deadline=$((SECONDS + 30))
	until pg_isready -q -h 127.0.0.1 -p 5432; do
		((SECONDS < deadline)) || die "PostgreSQL is not accepting connections on 127.0.0.1:5432 after 30s"
		sleep 0.5
	done
}

# -w: never prompt for a password. Without it psql would sit waiting on the terminal (or fail
# oddly in CI) instead of telling us that password-less access is not set up.
_pg_trusts_tcp() {
	PGCONNECT_TIMEOUT=5 psql -w -X -q -h 127.0.0.1 -p 5432 -U postgres -d postgres \
		-c 'select 1' >/dev/null 2>&1
}

# ensure_postgres: a PostgreSQL on 127.0.0.1:5432 that lets user `postgres` in without a
# password over TCP, plus the client tools and libpq headers that the build needs.
ensure_postgres() {
	# diesel links libpq; psql/pg_isready/createdb are used by these scripts.
	ensure_apt libpq-dev
	ensure_command psql postgresql-client

	if ! pg_isready -q -h 127.0.0.1 -p 5432; then
		if [[ -z $(_pg_version) ]]; then
			ensure_apt postgresql
		fi
		# The package's postinst may already have started the server (where invoke-rc.d is allowed).
		pg_isready -q -h 127.0.0.1 -p 5432 || _pg_start_cluster
		_pg_wait_ready
	fi

	_pg_trusts_tcp && return 0

	# Fresh Debian installs use scram-sha-256 for TCP connections from localhost. Everything here
	# (tests, quickstart) connects as postgres@127.0.0.1 without a password, so trust localhost.
	# That only loosens access from this machine, which already has peer access via the socket.
	local version hba
	version=$(_pg_version)
	hba=/etc/postgresql/$version/main/pg_hba.conf
	[[ -n $version && -f $hba ]] ||
		die "cannot connect as postgres@127.0.0.1 without a password, and this is not a Debian-managed PostgreSQL whose pg_hba.conf we could fix; allow it by hand"
	log "allowing password-less local TCP connections in $hba (backup: $hba.rolf-orig)"
	as_root sed -E -i.rolf-orig \
		's#^(host[[:space:]]+[^[:space:]]+[[:space:]]+[^[:space:]]+[[:space:]]+(127\.0\.0\.1/32|::1/128)[[:space:]]+)[^[:space:]]+#\1trust#' \
		"$hba"
	as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
	# A reload is asynchronous; give the postmaster a moment to re-read the file.
	local deadline=$((SECONDS + 10))
	until _pg_trusts_tcp; do
		((SECONDS < deadline)) || die "still cannot connect as postgres@127.0.0.1 after editing $hba"
		sleep 0.5
	done
}

_redis_pong() {
	[[ $(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null) == PONG ]]
}

# ensure_redis: a Redis on 127.0.0.1:6379.
ensure_redis() {
	ensure_command redis-cli redis-tools
	_redis_pong && return 0

	ensure_apt redis-server
	# As with PostgreSQL, installing the package may have started the server already.
	if ! _redis_pong; then
		log "starting redis-server on 127.0.0.1:6379"
		# No persistence: this Redis only holds the job queue for local runs and tests, and
		# nothing should be written into whatever directory we happen to be in.
		redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
	fi
	local deadline=$((SECONDS + 15))
	until _redis_pong; do
		((SECONDS < deadline)) || die "Redis did not answer PING on 127.0.0.1:6379 within 15s"
		sleep 0.5
	done
}

# Executed rather than sourced: run the function named by the first argument.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	[[ $# -gt 0 ]] || die "usage: $0 FUNCTION [ARG...]   (e.g. $0 ensure_postgres)"
	"$@"
fi
