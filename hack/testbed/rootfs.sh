#!/usr/bin/env bash
# rootfs.sh SUITE OUT.tar: debootstraps a minimal Debian or Ubuntu SUITE and
# shapes it like the official slim images (apt sources with -updates and
# -security, Ubuntu's universe, the docker-* apt configs, no docs/man/locales,
# no apt lists, no Python), then writes it as a layer tarball to OUT.tar.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

suite=$1 out=$2
case $suite in
bullseye | bookworm | trixie) distro=debian ;;
focal | jammy | noble | resolute) distro=ubuntu ;;
*) die "unknown suite $suite (known: bullseye bookworm trixie focal jammy noble resolute)" ;;
esac
need debootstrap "apt-get install debootstrap"

dir=$out.d
rm -rf "$dir"
trap 'rm -rf "$dir"' EXIT

if [[ $distro == debian ]]; then
	mirror=http://deb.debian.org/debian
	security=http://deb.debian.org/debian-security
	components=main
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	opts=()
else
	# Ports (arm64, ...) live on another host; amd64 and i386 on the archive.
	case $(host_arch) in amd64 | i386) mirror=http://archive.ubuntu.com/ubuntu ;; *) mirror=http://ports.ubuntu.com/ubuntu-ports ;; esac
	security=$mirror # the archive carries -security too; one host to reach
	components="main universe"
	keyring=/usr/share/keyrings/ubuntu-archive-keyring.gpg
	# Debian's debootstrap has no Ubuntu keyring, and may not know new suites:
	# every Ubuntu release since 7.10 bootstraps with the gutsy script.
	# shellcheck disable=SC2054 # the comma belongs to the option
	opts=(--no-check-gpg --components=main,universe)
fi
script=()
[[ -e /usr/share/debootstrap/scripts/$suite ]] || script=(/usr/share/debootstrap/scripts/gutsy)

log "debootstrap $suite (cached afterwards)"
debootstrap --variant=minbase --arch="$(host_arch)" "${opts[@]}" "$suite" "$dir" "$mirror" "${script[@]}" \
	>"$out.log" 2>&1 || die "debootstrap $suite failed, see $out.log"

# apt sources like the official images: deb822 from bookworm/noble on.
rm -f "$dir/etc/apt/sources.list"
if [[ $suite == bullseye || $suite == focal || $suite == jammy ]]; then
	{
		echo "deb $mirror $suite $components"
		echo "deb $mirror $suite-updates $components"
		echo "deb $security $suite-security $components"
	} >"$dir/etc/apt/sources.list"
else
	cat >"$dir/etc/apt/sources.list.d/$distro.sources" <<-EOF
		Types: deb
		URIs: $mirror
		Suites: $suite $suite-updates
		Components: $components
		Signed-By: $keyring

		Types: deb
		URIs: $security
		Suites: $suite-security
		Components: $components
		Signed-By: $keyring
	EOF
fi

# The official images' apt config. docker-clean is verbatim: the frontend has to
# switch it off for apt cache mounts to help, so the test bed must ship it.
aptclean='"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true";'
cat >"$dir/etc/apt/apt.conf.d/docker-clean" <<EOF
# Since for most Docker users, package installs happen in "docker build" steps,
# they essentially become individual layers due to the way Docker handles
# layering, especially using CoW filesystems.  What this means for us is that
# the caches that APT keeps end up just wasting space in those layers, making
# our layers unnecessarily large (especially since we'll normally never use
# these caches again and will instead just "docker build" again and make a brand
# new image).

# Ideally, these would just be invoking "apt-get clean", but in our testing,
# that ended up being cyclic and we got stuck on APT's lock, so we get this fun
# creation that's essentially just "apt-get clean".
DPkg::Post-Invoke { $aptclean };
APT::Update::Post-Invoke { $aptclean };

Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";

# Note that we do realize this isn't the ideal way to do this, and are always
# open to better suggestions (https://github.com/debuerreotype/debuerreotype/issues).
EOF
echo 'Acquire::Languages "none";' >"$dir/etc/apt/apt.conf.d/docker-no-languages"
echo 'Acquire::GzipIndexes "true";' >"$dir/etc/apt/apt.conf.d/docker-gzip-indexes"
echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$dir/etc/apt/apt.conf.d/docker-autoremove-suggests"

# Slim: keep dpkg from installing docs, man pages and translations, and drop
# the ones debootstrap already unpacked (copyright files stay, as in slim).
cat >"$dir/etc/dpkg/dpkg.cfg.d/docker" <<-'EOF'
	# This is the "slim" variant of the base image: files normally unnecessary in
	# containers are excluded, and this configuration file keeps them that way.
	path-exclude /usr/share/doc/*
	path-include /usr/share/doc/*/copyright
	path-exclude /usr/share/groff/*
	path-exclude /usr/share/info/*
	path-exclude /usr/share/linda/*
	path-exclude /usr/share/lintian/overrides/*
	path-exclude /usr/share/locale/*
	path-exclude /usr/share/man/*
EOF
find "$dir/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$dir/usr/share/doc" -mindepth 1 -depth -type d -empty -delete
rm -rf "$dir"/usr/share/{groff,info,linda,lintian/overrides,locale,man}/*

# Prove the sources and keys work before caching the result.
chroot "$dir" apt-get -qq update >>"$out.log" 2>&1 || die "apt-get update in the $suite rootfs failed, see $out.log"
! compgen -G "$dir/usr/bin/python3*" >/dev/null || die "$suite rootfs has Python; base images must not"

# No apt lists or caches, logs, host files (resolv.conf and hostname come from the runtime).
rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb \
	"$dir"/var/cache/debconf/*-old "$dir"/var/log/* "$dir"/tmp/* "$dir"/var/tmp/* "$dir/etc/hostname"
mkdir -p "$dir/var/lib/apt/lists/partial"
: >"$dir/etc/resolv.conf"

# Layer tarball without the ./ prefix; /dev, /proc and /sys stay empty as in images.
(cd "$dir" && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort |
	tar --numeric-owner --xattrs --sort=name --exclude='dev/*' --exclude='proc/*' --exclude='sys/*' \
		-cf "$out.tmp" -T -)
mv "$out.tmp" "$out"
