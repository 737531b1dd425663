#!/usr/bin/env python3
"""An independent checker of a workload's history. It shares no code with the engine:
it reads what the workload acknowledged (a log kept outside the fault domain) and what ended up
on the copies (the volume's writes.log, a restored tree with its manifest), and says whether the
product kept its promises:

  * one writer per generation, and generations only move forward on the volume and in what was
    acknowledged (a writer is a process: two starts of the workload are two writers);
  * each writer's sequence numbers in a generation strictly increase (none repeated);
  * no acknowledged write lost (with --allow-tail, only the newest writes, those after the copy a
    recovery restored, may be missing: the loss window; a hole inside what was kept never may);
  * no torn record inside the volume's log (a partial last line that nobody acknowledged is the
    normal trace of a writer killed mid-append);
  * a payload's sha256, when the workload records one, matches what was acknowledged;
  * every file of a restored tree matches its manifest (same sha256 of its first <size> bytes)
    and none is missing.

Record lines: "<writer> <generation> <seq>" with an optional fourth field, the payload's sha256.
Exit status: 0 every promise kept, 1 a promise broken, 2 bad usage or unreadable input.
"""
import argparse
import hashlib
import json
import os
import sys


def parse_log(path, what):
    """Records of a log, and the lines that are not records (line number, text)."""
    records, torn = [], []
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise SystemExit(f"historycheck: cannot read {what} {path}: {e.strerror}") from None
    lines = data.split(b"\n")
    unterminated = lines[-1] != b""
    if not unterminated:
        lines.pop()
    for number, raw in enumerate(lines, start=1):
        fields = raw.decode("utf-8", "replace").split()
        ok = len(fields) in (3, 4) and fields[1].isdigit() and fields[2].isdigit()
        if ok and len(fields) == 4:
            ok = len(fields[3]) == 64 and all(c in "0123456789abcdef" for c in fields[3])
        last = number == len(lines)
        if not ok or (last and unterminated):
            torn.append((number, raw.decode("utf-8", "replace"), last))
            continue
        records.append((fields[0], int(fields[1]), int(fields[2]), fields[3] if len(fields) == 4 else None))
    return records, torn


def check_tree(root):
    """Problems of a restored tree against its manifest."""
    manifest = os.path.join(root, ".gpufailover", "manifest")
    problems = []
    try:
        with open(manifest, encoding="utf-8") as f:
            entries = [line.rstrip("\n").split(" ", 2) for line in f if line.strip()]
    except OSError:
        return [f"{root}: no manifest"]
    for entry in entries:
        if len(entry) != 3 or not entry[1].isdigit():
            problems.append(f"{root}: unreadable manifest line {' '.join(entry)!r}")
            continue
        digest, size, name = entry[0], int(entry[1]), entry[2]
        path = os.path.join(root, name)
        if not os.path.isfile(path):
            problems.append(f"deleted: {name} is in the manifest but not in {root}")
            continue
        with open(path, "rb") as f:
            head = f.read(size)
        if len(head) < size or hashlib.sha256(head).hexdigest() != digest:
            problems.append(f"torn or changed: {name} in {root} does not match its manifest")
    return problems


def check(acks_path, volume_path, allow_tail=False, trees=()):
    acks, ack_torn = parse_log(acks_path, "acknowledgement log")
    volume, volume_torn = parse_log(volume_path, "volume log")
    problems = []
    result = {"acknowledged": len(acks), "on_volume": len(volume), "lost_holes": 0, "lost_tail": 0,
              "overlapping": 0, "out_of_order": 0, "torn": 0, "corrupted": 0, "generations": 0,
              "trees": len(trees)}

    # An acknowledgement the writer did not finish writing acknowledges nothing.
    for number, text, last in ack_torn:
        if not last:
            problems.append(f"acknowledgement log line {number} is not a record: {text!r}")

    # Torn records: only a last, unacknowledged line may be partial.
    acked_keys = {(w, g, s) for w, g, s, _ in acks}
    for number, text, last in volume_torn:
        fields = text.split()
        key = (fields[0], int(fields[1]), int(fields[2])) if len(fields) >= 3 and fields[1].isdigit() and fields[2].isdigit() else None
        if not last or key in acked_keys:
            result["torn"] += 1
            problems.append(f"torn record on the volume, line {number}: {text!r}")

    # One writer per generation (in what was acknowledged and on the volume), moving forward.
    for name, records in (("acknowledged", acks), ("on the volume", volume)):
        writers = {}
        for w, g, _, _ in records:
            writers.setdefault(g, set()).add(w)
        for g, ws in sorted(writers.items()):
            if len(ws) > 1:
                result["overlapping"] += 1
                problems.append(f"two writers in generation {g} ({name}): {', '.join(sorted(ws))}")
    result["generations"] = len({g for _, g, _, _ in volume})
    highest = None
    for number, (w, g, s, _) in enumerate(volume, start=1):
        if highest is not None and g < highest:
            result["overlapping"] += 1
            problems.append(f"generation {g} written after generation {highest} (volume record {number}: {w} {g} {s})")
        highest = g if highest is None else max(highest, g)

    # Each writer's sequence in a generation only moves forward: a number repeated or gone back is
    # a write made twice, or a second writer under the same name.
    for name, records in (("acknowledged", acks), ("on the volume", volume)):
        last = {}
        for number, (w, g, s, _) in enumerate(records, start=1):
            if (w, g) in last and s <= last[(w, g)]:
                result["out_of_order"] += 1
                problems.append(f"{w} {g} {s} {name} after {w} {g} {last[(w, g)]} (record {number}): "
                                "a sequence number repeated or gone back")
            last[(w, g)] = max(last.get((w, g), s), s)
    # Once a newer generation was acknowledged, nothing is acknowledged under an older one.
    newest = None
    for number, (w, g, s, _) in enumerate(acks, start=1):
        if newest is not None and g < newest:
            result["overlapping"] += 1
            problems.append(f"acknowledged under generation {g} after generation {newest} was "
                            f"(acknowledgement {number}: {w} {g} {s})")
        newest = g if newest is None else max(newest, g)

    # Lost writes: a hole if the volume kept a later write of the same writer and generation.
    kept = {}
    on_volume = {}
    for w, g, s, digest in volume:
        kept[(w, g)] = max(kept.get((w, g), -1), s)
        on_volume[(w, g, s)] = digest
    for w, g, s, digest in acks:
        if (w, g, s) in on_volume:
            if digest and on_volume[(w, g, s)] and digest != on_volume[(w, g, s)]:
                result["corrupted"] += 1
                problems.append(f"payload of {w} {g} {s} differs from what was acknowledged")
            continue
        if kept.get((w, g), -1) > s:
            result["lost_holes"] += 1
            problems.append(f"lost inside what was kept: {w} {g} {s}")
        else:
            result["lost_tail"] += 1
            if not allow_tail:
                problems.append(f"lost: {w} {g} {s}")

    for root in trees:
        problems.extend(check_tree(root))
    result["problems"] = problems
    result["ok"] = not problems
    return result


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--acks", required=True, help="the acknowledgement log")
    p.add_argument("--volume", required=True, help="the writes.log of the copy that survived")
    p.add_argument("--allow-tail", action="store_true",
                   help="the copy is a restore to an earlier point: the newest writes may be missing")
    p.add_argument("--tree", action="append", default=[], help="a restored tree to check against its manifest")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    a = p.parse_args(argv)
    result = check(a.acks, a.volume, a.allow_tail, a.tree)
    if a.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['acknowledged']} acknowledged, {result['on_volume']} on the volume, "
              f"{result['generations']} generation(s); lost {result['lost_holes']} inside, "
              f"{result['lost_tail']} at the tail; {result['overlapping']} overlapping, "
              f"{result['out_of_order']} out of order, {result['torn']} torn, "
              f"{result['corrupted']} corrupted")
        for problem in result["problems"][:20]:
            print("  " + problem)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
