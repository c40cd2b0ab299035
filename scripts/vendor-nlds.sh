#!/usr/bin/env bash
# Vendor the NL Design System CSS from npm at a pinned version (see static/.../utrecht/SOURCE.md).
set -euo pipefail
css=${1:-9.0.4}
tokens=${2:-5.0.1}
dest=$(cd "$(dirname "$0")/.." && pwd)/src/doorstroom/static/doorstroom/vendor/utrecht
work=$(mktemp -d)
cd "$work"
npm pack --silent "@utrecht/component-library-css@$css" "@utrecht/design-tokens@$tokens" >/dev/null
mkdir css tokens
tar xzf "utrecht-component-library-css-$css.tgz" -C css
tar xzf "utrecht-design-tokens-$tokens.tgz" -C tokens
rm -f "$dest"/component-library-css-*.css "$dest"/design-tokens-*-theme.css
cp css/package/dist/index.css "$dest/component-library-css-$css.css"
cp tokens/package/dist/theme.css "$dest/design-tokens-$tokens-theme.css"
cp css/package/LICENSE.md "$dest/LICENSE.md"
echo "vendored $css and $tokens into $dest; update SOURCE.md and base.html"
