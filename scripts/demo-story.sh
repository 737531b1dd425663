#!/usr/bin/env bash
# The demo's headless story, told with the user's programs only: gpufailover-sim runs as an outside
# service (the simulated Vast.ai and GCP, every instance a real sshd host), gpufailoverd runs in real
# mode with nothing but its API URLs pointed at it, and every step is what a user types with
# gpufailoverctl. A pool is created with a workload, a CPU standby on GCP and snapshots; the
# simulator kills its primary;
# the standby takes over and the start command runs the workload again; then the whole host is lost,
# and the pool is rebuilt on another machine from its verified snapshot; the destroyed pool leaves
# nothing rented.
#
# Usage: demo-story.sh BIN_DIR WORK_DIR   (WORK_DIR new or empty; it keeps every log for a look after)
# Needs root (the simulator's hosts live in namespaces) and a Secret Service for the keys: the demo
# and the test run it inside a throwaway keyring. Exit 0 when every step held, 1 otherwise.
set -euo pipefail
bin=$1
work=$2
mkdir -p "$work"
# A workspace left by an earlier run would show its workload's lines as this run's.
[[ -z $(ls -A "$work") ]] || { echo "story: $work is not empty" >&2; exit 2; }
config="$work/config"
data="$work/data"

say() { printf 'story: %s\n' "$*"; }
fail() {
  printf 'story: FAILED: %s\n' "$*" >&2
  for log in sim.log daemon.log; do
    [[ -f "$work/$log" ]] && { printf -- '--- %s (last lines)\n' "$log" >&2; tail -15 "$work/$log" >&2; }
  done
  exit 1
}

sim_pid=
daemon_pid=
cleanup() {
  [[ -n "$daemon_pid" ]] && kill "$daemon_pid" 2>/dev/null || true
  [[ -n "$sim_pid" ]] && kill "$sim_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

# Polls until a command succeeds; the deadline is generous because the machine may be busy.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "waited ${seconds}s for $what"
    sleep 1
  done
}

# JSON from the simulator's API (METHOD PATH), or a field of it (a Python expression on `j`).
sim() {
  python3 - "$sim_url" "$@" <<'EOF'
import json, sys, urllib.request
url, method, path = sys.argv[1], sys.argv[2], sys.argv[3]
expr = sys.argv[4] if len(sys.argv) > 4 else "j"
data = b"{}" if method == "POST" else None
req = urllib.request.Request(url + path, data=data, method=method, headers={"Content-Type": "application/json"})
j = json.load(urllib.request.urlopen(req, timeout=10))
out = eval(expr, {"j": j})
print(out if isinstance(out, str) else json.dumps(out))
EOF
}

ctl() { "$bin/gpufailoverctl" --config-dir "$config" "$@"; }
# A field of the pool's status, as `gpufailoverctl --json status` gives it.
status_of() {
  ctl --json status | python3 -c "import json,sys; j=json.load(sys.stdin); v=eval(sys.argv[1]); print(v if isinstance(v,str) else json.dumps(v))" "$1"
}

# 1. The simulated cloud, as an outside service.
"$bin/gpufailover-sim" --time-scale 20 --hosts-dir "$work/hosts" >"$work/sim.out" 2>"$work/sim.log" &
sim_pid=$!
wait_for 30 "the simulator" grep -q '^vast: http' "$work/sim.out"
sim_url=$(sed -n 's/^vast: \(http[^ ]*\).*/\1/p' "$work/sim.out")
say "simulator at $sim_url"

# 2. The daemon, in real mode: only the URLs differ from a real account.
"$bin/gpufailoverd" --config-dir "$config" --data-dir "$data" --api-port 0 \
  --vast-url "$sim_url" --gcp-url "$sim_url" >"$work/daemon.out" 2>"$work/daemon.log" &
daemon_pid=$!
wait_for 30 "the daemon's API" ctl health
say "gpufailoverd in real mode, no key yet"

# 3. The keys a user copies from the providers' consoles, saved through the CLI (stdin, never argv).
sim GET /_sim/credentials 'j["vast_api_key"]' | ctl credentials set vast_api_key >/dev/null
wait_for 30 "the key to take effect" ctl hosts --gpu "RTX 4090"
say "Vast.ai key saved; the engine sees the market without a restart"
# The snapshot store: the simulator's S3 bucket, with its keys and the CA of its certificate.
s3_endpoint=$(sim GET /_sim/credentials 'j["s3"]["endpoint"]') || fail "the simulator serves no S3 store"
ctl settings snapshots/target=s3 "snapshots/endpoint=$s3_endpoint" \
  "snapshots/bucket=$(sim GET /_sim/credentials 'j["s3"]["bucket"]')" \
  "snapshots/caCertFile=$(sim GET /_sim/credentials 'j["s3"]["ca_cert_file"]')" >/dev/null
sim GET /_sim/credentials 'j["snapshot_access_key_id"]' | ctl credentials set snapshot_access_key_id >/dev/null
sim GET /_sim/credentials 'j["snapshot_secret_access_key"]' | ctl credentials set snapshot_secret_access_key >/dev/null
say "snapshots to $s3_endpoint, keys saved"
# The CPU standby's cloud: a GCP service account's key, as downloaded from the console.
sim GET /_sim/credentials 'j["gcp_service_account_json"]' | ctl credentials set gcp_service_account_json >/dev/null
say "GCP service account key saved"
# What a user runs when unsure: each provider asked whether the saved keys work.
checked=$(ctl credentials check) || fail "the saved keys were refused: $checked"
say "the providers accept the keys:"
sed 's/^/    /' <<<"$checked"

# 4. A pool with a workload: the start command records the generation it started under. Two
# failures a minute apart make this story, so its pool waits less than a real one would: 10 s
# after a failover before it acts on another (a storm guard; 30 min by default), 15 s of a host
# reported offline before it is declared lost (2 min), 10 s for a lost host to be confirmed
# stopped (1 min).
cat >"$work/pool.json" <<'EOF'
{"id": "demo", "gpu_names": ["RTX 4090", "RTX 3090", "A100 SXM4", "H100 SXM"], "min_gpus": 2,
 "volume_size_gb": 20, "image": "pytorch/pytorch", "probe_timeout_ms": 2000,
 "cooldown_ms": 10000, "offline_grace_ms": 15000, "fence_deadline_ms": 10000,
 "fallback_to_cpu_standby": true,
 "start_command": "echo \"workload started under generation $(cat /workspace/.gpufailover/generation)\" >> /workspace/workload.log"}
EOF
out=$(ctl pool-create "$work/pool.json" 2>&1) || fail "pool-create was refused: $out"
active() { [[ $(status_of 'j["state"]') == active && $(status_of 'j["standby_state"]') == stopped ]]; }
wait_for 300 "an active pool with a stopped standby" active
primary=$(status_of 'j["primary_gpu_id"]')
standby=$(status_of 'j["standby_gpu_id"]')
volume=$(status_of 'j["volume_id"]')
say "pool demo active: primary $primary, standby $standby (stopped), volume $volume"
# The CPU standby: a GCP VM holding a copy of /workspace, synced from the primary.
synced() { [[ $(status_of '(j["cpu_standby"] or {}).get("syncs_completed", 0)') -ge 1 ]]; }
wait_for 180 "a first copy on the CPU standby" synced
[[ $(sim GET /_sim/state 'len(j["gcp_vms"])') == 1 ]] || fail "no GCP VM holds the CPU standby"
say "CPU standby $(status_of 'j["cpu_standby"]["vm"]') holds a copy of generation $(status_of 'j["cpu_standby"]["copy"]["generation"]')"
log="$work/hosts/volumes/V.$volume/workload.log"
[[ -f "$log" ]] || fail "the start command left no $log"
# A snapshot now (the schedule would take one within the hour), then a restore drill: only a
# snapshot restored and checked file by file counts for a rebuild.
snapshot_field() {
  ctl --json snapshots demo | python3 -c 'import json,sys; v=json.load(sys.stdin).get(sys.argv[1]); sys.exit(0 if v else 1) if len(sys.argv) < 3 else print(v)' "$@"
}
out=$(ctl snapshots demo take 2>&1) || fail "the snapshot was refused: $out"
wait_for 180 "a snapshot" snapshot_field last_snapshot_id
# The drill waits its turn while the snapshot's own work finishes (the API answers 409 meanwhile).
drilled() { snapshot_field verified_snapshot_id || { ctl snapshots demo drill >/dev/null 2>&1 && false; }; }
wait_for 240 "a verified restore" drilled
say "snapshot $(snapshot_field verified_snapshot_id print) taken and verified by a restore drill"

# 5. The primary dies, as the simulator makes it die.
sim POST "/_sim/instances/$primary/kill" >/dev/null
say "killed primary $primary through the simulator"
failed_over() { [[ $(status_of 'j["failover_count"]') -ge 1 && $(status_of 'j["state"]') == active ]]; }
wait_for 300 "the failover" failed_over
now=$(status_of 'j["primary_gpu_id"]')
[[ "$now" == "$standby" ]] || fail "the new primary is $now, not the standby $standby"
say "failed over: primary is now $now; generation $(status_of 'j["generation"]')"
generation=$(status_of 'j["generation"]')
grep -q "generation $generation\$" "$log" || fail "the workload did not start again under generation $generation: $(cat "$log")"
say "the workload runs again on the new primary:"
sed 's/^/    /' "$log"
[[ $(sim GET /_sim/state "[i['actual_status'] for i in j['instances'] if i['id'] == $primary]") != '["running"]' ]] ||
  fail "the old primary runs again"

# 6. The whole host is lost, volume and all: the pool is rebuilt on another machine from the newer
# of its verified snapshot and the CPU standby's copy, checked file by file, and the workload
# starts there again.
machine=$(status_of 'j["host_machine_id"]')
sim POST "/_sim/hosts/$machine/kill" >/dev/null
say "machine $machine lost with everything on it"
rebuilt() { [[ $(status_of 'j["host_machine_id"]') != "$machine" && $(status_of 'j["state"]') == active ]]; }
wait_for 600 "the pool rebuilt elsewhere" rebuilt
volume=$(status_of 'j["volume_id"]')
log="$work/hosts/volumes/V.$volume/workload.log"
[[ -f "$log" ]] || fail "the rebuilt volume has no workload.log"
grep -q "generation 1\$" "$log" || fail "the rebuilt volume does not hold the pool's files: $(cat "$log")"
generation=$(status_of 'j["generation"]')
grep -q "generation $generation\$" "$log" || fail "the workload did not start under generation $generation"
say "rebuilt on machine $(status_of 'j["host_machine_id"]'); the workload runs again:"
sed 's/^/    /' "$log"

# 7. What the user sees afterwards.
say "what the journal told the user:"
ctl --json events --kind alert --limit 200 | python3 -c '
import json, sys
for e in json.load(sys.stdin)["events"]:
    d = e["data"]
    if d["alert"] in ("failover_started", "failover_finished", "failover_failed", "relocated", "restored", "host_lost",
                      "cpu_active"):
        print("    %s %-17s %s" % (e["time"], d["alert"], d["message"]))' || fail "the journal cannot be read"

# 8. Destroying the pool deletes everything it rents, once confirmed.
token=$(ctl pool-destroy demo | sed -n 's/.*--confirm \([^ ]*\)$/\1/p') || true
[[ -n "$token" ]] || fail "pool-destroy gave no confirmation token"
ctl pool-destroy demo --confirm "$token" | sed 's/^/    /'
left=$(sim GET /_sim/state 'len(j["instances"]) + len(j["volumes"]) + len(j["gcp_vms"])')
[[ "$left" == 0 ]] || fail "the simulator still rents $left thing(s): $(sim GET /_sim/state)"
say "pool destroyed; the simulated cloud rents nothing any more"
say "done"
