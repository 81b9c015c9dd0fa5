#!/usr/bin/env bash
# Records the raw answers of the test WebDAV servers to the requests a free/busy client
# makes, as parser fixtures under crates/webdav/tests/data/servers/<server>/.
#
# Usage: scripts/dav/capture.sh            (servers must run: scripts/dav-servers.sh start)
#
# For each step NN-name it writes NN-name.http (the response exactly as received:
# status line, headers, body; `curl -sS -i`) and, when the request has a body,
# NN-name.request.xml (the body exactly as sent). Start from freshly started servers:
# the first steps create the folders and the item.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd -- "$SCRIPT_DIR/../.." && pwd)
OUT="$REPO/crates/webdav/tests/data/servers"
# shellcheck disable=SC1090
eval "$("$REPO/scripts/dav-servers.sh" env)"

FOLDER='SCHEDULE%2B%20FREE%20BUSY/'
ORG="${FOLDER}EX:_xF8FF_o=Org/"
ITEM="${ORG}USER-_xF8FF_cn=RECIPIENTS_xF8FF_cn=JDOE.EML"
MISSING="${ORG}USER-_xF8FF_cn=RECIPIENTS_xF8FF_cn=NOBODY.EML"

NS='xmlns:D="DAV:" xmlns:b="urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882/" xmlns:c="xml:" xmlns:e="http://schemas.microsoft.com/mapi/proptag/"'

# ------------------------------------------------------------------ request bodies
PROPPATCH_BODY=$(cat <<EOF
<?xml version="1.0" encoding="utf-8"?>
<D:propertyupdate $NS>
  <D:set>
    <D:prop>
      <e:x68470003 b:dt="int">214016160</e:x68470003>
      <e:x684f1003 b:dt="mv.int"><c:v>32124</c:v><c:v>32129</c:v><c:v>32130</c:v></e:x684f1003>
      <e:x68501102 b:dt="mv.bin.base64"><c:v/><c:v>ugnYCYwKQAs=</c:v><c:v/></e:x68501102>
      <e:x68680040 b:dt="dateTime.tz">2008-01-30T19:42:47.000Z</e:x68680040>
      <subject xmlns="http://schemas.microsoft.com/mapi/">USER-/CN=RECIPIENTS/CN=JDOE &amp; Co &lt;free/busy&gt;</subject>
    </D:prop>
  </D:set>
  <D:remove>
    <D:prop>
      <e:x6849001e/>
    </D:prop>
  </D:remove>
</D:propertyupdate>
EOF
)

PROPPATCH_UPDATE_BODY=$(cat <<EOF
<?xml version="1.0" encoding="utf-8"?>
<D:propertyupdate $NS>
  <D:set>
    <D:prop>
      <e:x68470003 b:dt="int">214016161</e:x68470003>
      <e:x684f1003 b:dt="mv.int"><c:v>32130</c:v><c:v>32124</c:v></e:x684f1003>
      <e:x68501102 b:dt="mv.bin.base64"><c:v>AAA=</c:v><c:v/></e:x68501102>
    </D:prop>
  </D:set>
  <D:remove>
    <D:prop>
      <e:x68680040/>
    </D:prop>
  </D:remove>
</D:propertyupdate>
EOF
)

PROPFIND_NAMED_BODY=$(cat <<EOF
<?xml version="1.0" encoding="utf-8"?>
<D:propfind $NS>
  <D:prop>
    <e:x68470003/>
    <e:x684f1003/>
    <e:x68501102/>
    <e:x68680040/>
    <subject xmlns="http://schemas.microsoft.com/mapi/"/>
  </D:prop>
</D:propfind>
EOF
)

PROPFIND_ALLPROP_BODY='<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>'

PROPFIND_PROPNAME_BODY='<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:propname/></D:propfind>'

PROPFIND_MIXED_BODY=$(cat <<EOF
<?xml version="1.0" encoding="utf-8"?>
<D:propfind $NS>
  <D:prop>
    <e:x68470003/>
    <e:x6848001e/>
  </D:prop>
</D:propfind>
EOF
)

PROPPATCH_LIVE_BODY=$(cat <<EOF
<?xml version="1.0" encoding="utf-8"?>
<D:propertyupdate $NS>
  <D:set>
    <D:prop>
      <D:getetag>"forced"</D:getetag>
      <e:x68470003 b:dt="int">1</e:x68470003>
    </D:prop>
  </D:set>
</D:propertyupdate>
EOF
)

# Arbitrary tags, only to see what happens to typed values, attributes on <v>,
# non-ASCII text, whitespace and an empty string value.
PROPPATCH_TYPED_BODY=$(cat <<EOF
<?xml version="1.0" encoding="utf-8"?>
<D:propertyupdate $NS>
  <D:set>
    <D:prop>
      <e:x6853101e b:dt="mv.string"><c:v b:dt="string">Zoë € 日本</c:v><c:v/><c:v>  two  spaces  </c:v></e:x6853101e>
      <e:x6854000b b:dt="boolean">1</e:x6854000b>
    </D:prop>
  </D:set>
</D:propertyupdate>
EOF
)

PROPFIND_TYPED_BODY=$(cat <<EOF
<?xml version="1.0" encoding="utf-8"?>
<D:propfind $NS>
  <D:prop>
    <e:x6853101e/>
    <e:x6854000b/>
  </D:prop>
</D:propfind>
EOF
)

# ------------------------------------------------------------------ driver
# step DIR BASEURL NN-name METHOD PATH BODY|- [curl args...]
step() {
    local dir=$1 base=$2 name=$3 method=$4 path=$5 body=$6
    shift 6
    local args=(-sS -i --path-as-is -X "$method" -o "$dir/$name.http")
    if [ "$body" != - ]; then
        printf '%s\n' "$body" >"$dir/$name.request.xml"
        args+=(-H 'Content-Type: text/xml; charset="utf-8"' --data-binary "@$dir/$name.request.xml")
    fi
    curl "${args[@]}" "$@" "$base$path"
    printf '  %-40s %s\n' "$name" "$(head -n 1 "$dir/$name.http" | tr -d '\r')" >&2
}

capture() {
    local server=$1 base=$2 dir="$OUT/$1"
    local auth=(-u "$FB_DAV_USER:$FB_DAV_PASSWORD")
    rm -rf "$dir"
    mkdir -p "$dir"
    echo "$server ($base)" >&2
    step "$dir" "$base" 00-options OPTIONS "" - "${auth[@]}"
    step "$dir" "$base" 01-mkcol-schedule-folder MKCOL "$FOLDER" - "${auth[@]}"
    step "$dir" "$base" 02-mkcol-org-folder MKCOL "$ORG" - "${auth[@]}"
    step "$dir" "$base" 03-put-empty-item PUT "$ITEM" - "${auth[@]}" \
        -H 'Content-Type: message/rfc822' --data-binary ''
    step "$dir" "$base" 04-proppatch-item PROPPATCH "$ITEM" "$PROPPATCH_BODY" "${auth[@]}" \
        -H 'Translate: f'
    step "$dir" "$base" 05-propfind-depth0-named PROPFIND "$ITEM" "$PROPFIND_NAMED_BODY" \
        "${auth[@]}" -H 'Depth: 0' -H 'Translate: f'
    step "$dir" "$base" 06-propfind-depth1-allprop PROPFIND "$ORG" "$PROPFIND_ALLPROP_BODY" \
        "${auth[@]}" -H 'Depth: 1'
    step "$dir" "$base" 07-propfind-depth0-propname PROPFIND "$ITEM" "$PROPFIND_PROPNAME_BODY" \
        "${auth[@]}" -H 'Depth: 0'
    step "$dir" "$base" 08-proppatch-missing-item PROPPATCH "$MISSING" "$PROPPATCH_BODY" \
        "${auth[@]}" -H 'Translate: f'
    step "$dir" "$base" 09-propfind-missing-item PROPFIND "$MISSING" "$PROPFIND_NAMED_BODY" \
        "${auth[@]}" -H 'Depth: 0'
    step "$dir" "$base" 10-propfind-existing-and-missing-prop PROPFIND "$ITEM" \
        "$PROPFIND_MIXED_BODY" "${auth[@]}" -H 'Depth: 0'
    step "$dir" "$base" 11-proppatch-update-brief PROPPATCH "$ITEM" "$PROPPATCH_UPDATE_BODY" \
        "${auth[@]}" -H 'Translate: f' -H 'Brief: t'
    step "$dir" "$base" 12-propfind-after-update PROPFIND "$ITEM" "$PROPFIND_NAMED_BODY" \
        "${auth[@]}" -H 'Depth: 0'
    step "$dir" "$base" 13-mkcol-existing MKCOL "$FOLDER" - "${auth[@]}"
    step "$dir" "$base" 14-put-missing-parent PUT "${FOLDER}EX:_xF8FF_o=Nowhere/USER-X.EML" - \
        "${auth[@]}" -H 'Content-Type: message/rfc822' --data-binary ''
    step "$dir" "$base" 15-mkcol-missing-parent MKCOL "${FOLDER}EX:_xF8FF_o=Nowhere/sub/" - \
        "${auth[@]}"
    step "$dir" "$base" 16-propfind-no-depth PROPFIND "$FOLDER" "$PROPFIND_NAMED_BODY" \
        "${auth[@]}"
    step "$dir" "$base" 17-propfind-unauthenticated PROPFIND "$ITEM" "$PROPFIND_NAMED_BODY" \
        -H 'Depth: 0'
    step "$dir" "$base" 18-propfind-wrong-password PROPFIND "$ITEM" "$PROPFIND_NAMED_BODY" \
        -u "$FB_DAV_USER:wrong" -H 'Depth: 0'
    step "$dir" "$base" 19-proppatch-live-property PROPPATCH "$ITEM" "$PROPPATCH_LIVE_BODY" \
        "${auth[@]}"
    step "$dir" "$base" 20-propfind-after-live-proppatch PROPFIND "$ITEM" "$PROPFIND_NAMED_BODY" \
        "${auth[@]}" -H 'Depth: 0'
    step "$dir" "$base" 21-propfind-plus-literal PROPFIND \
        'SCHEDULE+%20FREE%20BUSY/EX:_xF8FF_o=Org/USER-_xF8FF_cn=RECIPIENTS_xF8FF_cn=JDOE.EML' \
        "$PROPFIND_MIXED_BODY" "${auth[@]}" -H 'Depth: 0'
    step "$dir" "$base" 22-proppatch-typed-values PROPPATCH "$ITEM" "$PROPPATCH_TYPED_BODY" \
        "${auth[@]}"
    step "$dir" "$base" 23-propfind-typed-values PROPFIND "$ITEM" "$PROPFIND_TYPED_BODY" \
        "${auth[@]}" -H 'Depth: 0'
}

capture wsgidav "$FB_WSGIDAV_URL"
capture apache "$FB_APACHE_URL"
