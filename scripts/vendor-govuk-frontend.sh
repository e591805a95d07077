#!/usr/bin/env bash
# Refreshes the vendored GOV.UK Frontend under static/govuk from the npm registry. Run by hand when
# upgrading; the site itself never needs Node.
#
# EqA is a council service, not a GOV.UK one: the GDS Transport typeface and the crown are for gov.uk
# only, so the built CSS is re-pointed at Arial and the fonts are not copied.
set -euo pipefail
version="${1:-6.6.0}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "govuk-frontend@$version" >/dev/null && tar xzf "govuk-frontend-$version.tgz")
dist="$work/package/dist/govuk"
dest="$here/static/govuk"
rm -rf "$dest"
mkdir -p "$dest/assets/images"
cp "$dist/govuk-frontend.min.js" "$dest/"
# The CSS refers to the crest; the crown favicons are GOV.UK's own and stay out.
cp "$dist/assets/images/govuk-crest.svg" "$dest/assets/images/"
# Drop the GDS Transport @font-face rules, use Arial, and make asset URLs relative to the CSS file.
sed -E -e 's/@font-face\{font-family:GDS Transport;[^}]*\}//g' \
       -e 's/GDS Transport,arial/arial/g; s/font-family:GDS Transport([;}])/font-family:arial\1/g' \
       -e 's#url\(/assets/#url(assets/#g' \
       -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
       "$dist/govuk-frontend.min.css" > "$dest/govuk-frontend.min.css"
sed -i -e 's#//\# sourceMappingURL=.*##' "$dest/govuk-frontend.min.js"
echo "$version" > "$dest/VERSION"
echo "GOV.UK Frontend is MIT-licensed, (c) Crown copyright; see its package on the npm registry." > "$dest/LICENCE"
echo "GOV.UK Frontend $version vendored in static/govuk"
