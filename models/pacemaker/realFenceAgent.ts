// The lab's fence agent: a script speaking the fence-agent protocol (key=value lines on stdin, or
// `-o action -n target` arguments; `metadata` prints XML) that Pacemaker's fencer runs inside a node.
// For off/reboot it logs `epoch_ms action by target`, hands the request to the lab (a file in the
// run's folder) and waits for the answer: the lab plays the BMC, powering the victim off from outside
// (every process of its namespaces killed) and answering `ok` only once none is left, or `failed`
// when the device has failed. A node's private /run hides the machine's namespaces from the agent,
// and `nsenter -t 1` is refused (DOMAIN.md): doing the killing in the lab needs neither.
import { NODES } from './realConfig.js';

/** What the agent wrote: `<epoch_ms> <id> <action> <by> <target>`. */
export interface FenceRequest {
  readonly epochMs: number;
  readonly id: string;
  readonly action: string;
  readonly by: string;
  readonly target: string;
}

const METADATA = `<?xml version="1.0" ?>
<resource-agent name="fence_dummy" shortdesc="hafault lab fence agent: the lab powers the target off">
<longdesc>Hands off/reboot to the hafault lab, which kills every process of the target's namespaces and checks that none is left.</longdesc>
<parameters>
<parameter name="action" unique="0" required="1"><getopt mixed="-o, --action=[action]"/><content type="string" default="reboot"/><shortdesc lang="en">Fencing action</shortdesc></parameter>
<parameter name="port" unique="0" required="0"><getopt mixed="-n, --plug=[id]"/><content type="string"/><shortdesc lang="en">The node to fence</shortdesc></parameter>
<parameter name="nodename" unique="0" required="0"><getopt mixed="--nodename=[name]"/><content type="string"/><shortdesc lang="en">The node to fence</shortdesc></parameter>
</parameters>
<actions>
<action name="on"/><action name="off"/><action name="reboot"/><action name="status"/><action name="list"/><action name="monitor"/><action name="metadata"/>
</actions>
</resource-agent>`;

/** The agent for one run: `dir` is the run's folder (shared by every node's mount namespace). */
export function fenceAgentScript(dir: string, waitLimitS: number, nodes: readonly string[] = NODES): string {
  return `#!/bin/bash
# hafault lab fence agent (generated for one run)
DIR='${dir}'
action=reboot; target=
if [ $# -gt 0 ]; then
  while [ $# -gt 0 ]; do
    case "$1" in
      -o) action="$2"; shift;; --action=*) action="\${1#*=}";;
      -n) target="$2"; shift;; --plug=*) target="\${1#*=}";; --nodename=*) target="\${1#*=}";;
    esac; shift
  done
else
  while IFS= read -r -t 5 line; do
    case "$line" in
      action=*) action="\${line#action=}";; option=*) action="\${line#option=}";;
      port=*|plug=*) target="\${line#*=}";;
      nodename=*) [ -z "$target" ] && target="\${line#nodename=}";;
    esac
  done
fi
case "$action" in
  metadata) cat <<'XML'
${METADATA}
XML
    exit 0;;
  monitor|status|on) exit 0;;
  list) printf '%s\\n' ${nodes.join(' ')}; exit 0;;
  off|reboot) ;;
  *) exit 1;;
esac
by=$(hostname)
now=$(date +%s%3N)
id="$now-$$"
echo "$now $action $by $target" >> "$DIR/fence.log"
echo "$now $id $action $by $target" > "$DIR/fence/$id.tmp" && mv "$DIR/fence/$id.tmp" "$DIR/fence/$id.req"
for _ in $(seq 1 $((${waitLimitS} * 50))); do
  if [ -f "$DIR/fence/$id.res" ]; then
    res=$(cat "$DIR/fence/$id.res")
    echo "$(date +%s%3N) $action $by $target $res" >> "$DIR/fence.log"
    [ "$res" = ok ] && exit 0
    exit 1
  fi
  sleep 0.02
done
echo "$(date +%s%3N) $action $by $target timeout" >> "$DIR/fence.log"
exit 1
`;
}

/** A request file's line, or null when it is not one. */
export function parseFenceRequest(line: string): FenceRequest | null {
  const m = /^(\d{10,16}) (\d+-\d+) (\S+) (\S+) (\S+)$/.exec(line.trim());
  if (!m) return null;
  return { epochMs: Number(m[1]), id: m[2], action: m[3], by: m[4], target: m[5] };
}
