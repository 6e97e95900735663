#! /bin/sh
# ovn-actions-kit.sh KIT_DIR: compares the OpenFlow flows and groups that
# "ovstest test-ovn kit-actions" makes of every conformance kit scenario's
# logical flows, matches and actions, with those that OVN 26.03's
# ovn-controller installed on chassis hv1 (expected-of/).  The raw flows
# go through the kit's own normalization, ofnorm.py, which needs the real
# tunnel keys that "ovsdb-tool query" reads from sb-after.db.
#
# Prints, for each scenario (SCENARIO: ...):
#   - "ERROR: MESSAGE" for each logical flow that fails to parse;
#   - "extra flow: FLOW" for each flow that the kit does not have;
#   - "missing flow: FLOW" for each flow of a logical flow table (8...41,
#     48...63) that the kit has and we do not make;
#   - "extra group: GROUP" for each group that the kit does not have;
# and, last, "TOTAL: N flows, M groups".
#
# Scenarios without flows of a datapath on hv1 are skipped.  In
# dyn-routing, hv1 is the gateway chassis of cr-r0-pub.

kit=$1
query='["OVN_Southbound",
        {"op": "select", "table": "Datapath_Binding", "where": []},
        {"op": "select", "table": "Port_Binding", "where": []},
        {"op": "select", "table": "Multicast_Group", "where": []}]'
n_flows=0
n_groups=0
for dir in "$kit"/scenarios/*; do
    name=`basename "$dir"`
    grep -q 'metadata=<dp:' "$dir/expected-of/flows.txt" || continue

    ovsdb-tool query "$dir/sb-after.db" "$query" > $name.json || exit 1
    set x; shift
    if test $name = dyn-routing; then
        set -- --resident cr-r0-pub
    fi
    ovstest test-ovn kit-actions "$dir" $name.json "$@" > $name.raw \
        || { echo "$name: kit-actions failed"; continue; }

    sed -n "s/^ERROR: .*: /$name: ERROR: /p" $name.raw
    grep -v '^ERROR: \|^GROUP: ' $name.raw \
        | "${PYTHON3:-python3}" "$kit/ofnorm.py" $name.json \
        | grep . | sort -u > $name.flows
    sed -n 's/^GROUP: //p' $name.raw | sort -u > $name.groups
    sort -u "$dir/expected-of/flows.txt" > $name.kit-flows
    grep . "$dir/expected-of/groups.txt" | sort -u > $name.kit-groups

    comm -23 $name.flows $name.kit-flows | sed "s/^/$name: extra flow: /"
    comm -13 $name.flows $name.kit-flows \
        | grep -E '^table=([89]|[1-3][0-9]|4[01]|4[89]|5[0-9]|6[0-3]),' \
        | sed "s/^/$name: missing flow: /"
    comm -23 $name.groups $name.kit-groups \
        | sed "s/^/$name: extra group: /"

    n_flows=`expr $n_flows + \`wc -l < $name.flows\``
    n_groups=`expr $n_groups + \`wc -l < $name.groups\``
done
echo "TOTAL: $n_flows flows, $n_groups groups"
