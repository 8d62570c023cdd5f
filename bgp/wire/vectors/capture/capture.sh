#!/usr/bin/env bash
# Captures real BGP messages from BIRD 2, FRR 8.4 and GoBGP 3.10 for bgp/wire's vectors.
#
#   sudo bgp/wire/vectors/capture/capture.sh [OUT_DIR]      (after `npm run build`; default OUT_DIR: ./pcap)
#
# Brings up vectors.clab.yml as lab "wirevec", runs one tcpdump per BGP link, hard-resets every
# session so the OPENs are on record, then drives route refreshes (normal and enhanced), withdrawals
# and administrative shutdowns with a shutdown communication, and tears the lab down. Then:
#   node dist/bgp/wire/vectors/extract-pcap.js OUT_DIR/*.pcap > bgp/wire/vectors/vectors.json
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
out="${1:-$here/pcap}"
lab=wirevec
cli=(node "$repo/dist/lab/cli.js")
ns() { echo "twl-$lab-$1"; }
say() { printf 'capture: %s\n' "$*" >&2; }
vtysh_frr1() { ip netns exec "$(ns frr1)" vtysh --vty_socket "/run/twill-lab/$lab/frr1" "$@"; }
birdc_in() { local node=$1; shift; ip netns exec "$(ns "$node")" birdc -s "/run/twill-lab/$lab/$node/bird.ctl" "$@"; }
gobgp_in() { local node=$1; shift; ip netns exec "$(ns "$node")" gobgp "$@"; }

mkdir -p "$out"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done
  sleep 1
  "${cli[@]}" down "$lab" >/dev/null 2>&1 || true
}
trap cleanup EXIT

say "lab up"
"${cli[@]}" up "$here/vectors.clab.yml" --name "$lab" --detach

# One tcpdump per link, on the frr1 side (or bird1's for bird1-gobgp1): Ethernet frames, whole packets.
capture() { # node iface file
  ip netns exec "$(ns "$1")" tcpdump -i "$2" -s 0 -U -w "$out/$3.pcap" 'tcp port 179' 2>/dev/null &
  pids+=($!)
}
capture frr1 eth1 bird1-frr1
capture bird1 eth2 bird1-gobgp1
capture frr1 eth2 frr1-gobgp1
capture frr1 eth3 frr1-birdold
capture frr1 eth4 frr1-gobgp2
capture frr1 eth5 frr1-bird2
sleep 2

established() {
  local n
  n=$(vtysh_frr1 -c 'show bgp summary json' | grep -c '"state":"Established"' || true)
  [ "$n" -ge 9 ] && birdc_in bird1 show protocols gobgp1 | grep -q Established
}
wait_established() {
  for _ in $(seq 1 60); do established && return 0; sleep 1; done
  say "sessions did not come up"; vtysh_frr1 -c 'show bgp summary'; exit 1
}

say "waiting for sessions, then resetting them all so the OPENs are captured"
wait_established
vtysh_frr1 -c 'clear bgp *'
birdc_in bird1 restart gobgp1 >/dev/null
sleep 3
wait_established

say "originating GoBGP routes"
gobgp_in gobgp1 global rib add -a ipv4 172.16.3.0/24 origin egp med 30 community 65003:300,65003:301 large-community 4200000003:3:3
gobgp_in gobgp1 global rib add -a ipv4 172.16.33.0/24 aspath 4200000033,65033 aggregator 4200000033:10.255.1.33
gobgp_in gobgp1 global rib add -a ipv6 2001:db8:3003::/48 community 65003:600 large-community 4200000003:6:6
gobgp_in gobgp2 global rib add -a ipv4 172.16.5.0/24 local-pref 200 community 65005:500
gobgp_in gobgp2 global rib add -a ipv6 2001:db8:5005::/48 nexthop 2001:db8:25::2 local-pref 150
sleep 6

say "route refresh: FRR (enhanced where negotiated), BIRD, GoBGP"
vtysh_frr1 -c 'clear bgp ipv4 unicast * soft in' -c 'clear bgp ipv6 unicast * soft in'
birdc_in bird1 reload in gobgp1 >/dev/null
birdc_in bird1 reload in frr1 >/dev/null
gobgp_in gobgp1 neighbor 10.0.23.1 softresetin
sleep 4

say "withdrawals"
gobgp_in gobgp1 global rib del -a ipv4 172.16.3.0/24
gobgp_in gobgp1 global rib del -a ipv6 2001:db8:3003::/48
birdc_in bird1 disable st6 >/dev/null
vtysh_frr1 -c 'configure terminal' -c 'router bgp 4200000002' -c 'address-family ipv4 unicast' -c 'no network 172.16.2.0/24'
birdc_in bird2 disable st4 >/dev/null
sleep 4

say "administrative shutdowns with a shutdown communication"
vtysh_frr1 -c 'configure terminal' -c 'router bgp 4200000002' -c 'neighbor 10.0.24.2 shutdown message twill vectors done'
birdc_in bird1 disable gobgp1 '"twill vectors done"' >/dev/null
# GoBGP 3.10 sends the communication only with the deprecated `shutdown` (`disable` drops --reason).
gobgp_in gobgp2 neighbor 10.0.25.1 shutdown --reason 'twill vectors done' 2>/dev/null
sleep 3
cleanup
trap - EXIT
say "pcaps in $out"
if [ $# -eq 0 ]; then
  : > "$here/../vectors.jsonl"
  for f in "$out"/*.pcap; do
    node "$repo/dist/bgp/wire/vectors/extract-pcap.js" "$(basename "$f" .pcap)" < "$f" >> "$here/../vectors.jsonl"
  done
  say "$(wc -l < "$here/../vectors.jsonl") vectors in $here/../vectors.jsonl"
fi
