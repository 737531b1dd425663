"""The checker catches what it must, fed doctored histories: a lost write, two writers
in one generation, a generation going back (on the volume or in the acknowledgements), a
sequence repeated or going back, a torn record, a changed payload, a torn or deleted
file in a restored tree; and it passes clean histories, including a restore's missing tail when
that is allowed and a partial last line nobody acknowledged."""
import hashlib
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import historycheck  # noqa: E402


def lines(records):
    return "".join(" ".join(str(f) for f in r) + "\n" for r in records)


class HistoryCheck(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.acks = os.path.join(self.dir.name, "acks.log")
        self.volume = os.path.join(self.dir.name, "writes.log")

    def tearDown(self):
        self.dir.cleanup()

    def write(self, path, text):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def run_check(self, acks, volume, allow_tail=False, trees=()):
        self.write(self.acks, acks)
        self.write(self.volume, volume)
        return historycheck.check(self.acks, self.volume, allow_tail, trees)

    # A failover: writer a in generation 1, then writer b in generation 2.
    HISTORY = [("a", 1, 1), ("a", 1, 2), ("a", 1, 3), ("b", 2, 1), ("b", 2, 2)]

    def test_a_clean_failover_passes(self):
        r = self.run_check(lines(self.HISTORY), lines(self.HISTORY))
        self.assertTrue(r["ok"], r["problems"])
        self.assertEqual(r["generations"], 2)

    def test_a_lost_write_inside_what_was_kept_is_caught(self):
        volume = [x for x in self.HISTORY if x != ("a", 1, 2)]
        r = self.run_check(lines(self.HISTORY), lines(volume), allow_tail=True)
        self.assertFalse(r["ok"])
        self.assertEqual(r["lost_holes"], 1)

    def test_a_lost_tail_is_caught_unless_a_restore_allows_it(self):
        volume = self.HISTORY[:3]
        self.assertFalse(self.run_check(lines(self.HISTORY), lines(volume))["ok"])
        r = self.run_check(lines(self.HISTORY), lines(volume), allow_tail=True)
        self.assertTrue(r["ok"], r["problems"])
        self.assertEqual(r["lost_tail"], 2)

    def test_two_writers_in_one_generation_are_caught(self):
        history = self.HISTORY + [("c", 2, 1)]
        r = self.run_check(lines(history), lines(history))
        self.assertFalse(r["ok"])
        self.assertGreaterEqual(r["overlapping"], 1)
        self.assertIn("two writers in generation 2", "\n".join(r["problems"]))

    def test_an_old_writer_after_a_new_one_is_caught(self):
        # The fenced primary came back and wrote after the promotion: generation 1 after 2.
        volume = self.HISTORY + [("a", 1, 4)]
        r = self.run_check(lines(volume), lines(volume))
        self.assertFalse(r["ok"])
        self.assertIn("generation 1 written after generation 2", "\n".join(r["problems"]))

    def test_a_sequence_repeated_or_going_back_is_caught(self):
        for doctored in (self.HISTORY + [("b", 2, 2)], self.HISTORY + [("b", 2, 1)]):
            r = self.run_check(lines(doctored), lines(doctored))
            self.assertFalse(r["ok"])
            self.assertEqual(r["out_of_order"], 2)  # in the acknowledgements and on the volume
            self.assertIn("repeated or gone back", "\n".join(r["problems"]))

    def test_an_acknowledgement_under_an_older_generation_is_caught(self):
        # The volume kept order, but the old writer's acknowledgement came after the new one's.
        acks = self.HISTORY[:3] + [("b", 2, 1), ("a", 1, 4), ("b", 2, 2)]
        volume = self.HISTORY[:3] + [("a", 1, 4), ("b", 2, 1), ("b", 2, 2)]
        r = self.run_check(lines(acks), lines(volume))
        self.assertFalse(r["ok"])
        self.assertIn("acknowledged under generation 1 after generation 2", "\n".join(r["problems"]))

    def test_a_torn_record_inside_the_log_is_caught(self):
        volume = lines(self.HISTORY[:2]) + "a 1\n" + lines(self.HISTORY[2:])
        r = self.run_check(lines(self.HISTORY), volume)
        self.assertFalse(r["ok"])
        self.assertEqual(r["torn"], 1)

    def test_a_partial_last_line_nobody_acknowledged_is_fine(self):
        r = self.run_check(lines(self.HISTORY), lines(self.HISTORY) + "b 2 ")
        self.assertTrue(r["ok"], r["problems"])

    def test_a_changed_payload_is_caught(self):
        good = hashlib.sha256(b"payload").hexdigest()
        bad = hashlib.sha256(b"other").hexdigest()
        r = self.run_check(lines([("a", 1, 1, good)]), lines([("a", 1, 1, bad)]))
        self.assertFalse(r["ok"])
        self.assertEqual(r["corrupted"], 1)
        r = self.run_check(lines([("a", 1, 1, good)]), lines([("a", 1, 1, good)]))
        self.assertTrue(r["ok"], r["problems"])

    def tree(self, files):
        root = os.path.join(self.dir.name, "tree")
        os.makedirs(os.path.join(root, ".gpufailover"), exist_ok=True)
        with open(os.path.join(root, ".gpufailover", "manifest"), "w", encoding="utf-8") as m:
            for name, content in files.items():
                with open(os.path.join(root, name), "wb") as f:
                    f.write(content)
                m.write(f"{hashlib.sha256(content).hexdigest()} {len(content)} ./{name}\n")
        return root

    def test_a_restored_tree_must_match_its_manifest(self):
        root = self.tree({"model.pt": b"weights" * 100, "log.txt": b"epoch 3\n"})
        history = lines(self.HISTORY)
        self.assertTrue(self.run_check(history, history, trees=[root])["ok"])
        # Grown since the manifest: its first bytes still match (appended while snapshotting).
        with open(os.path.join(root, "log.txt"), "ab") as f:
            f.write(b"epoch 4\n")
        self.assertTrue(self.run_check(history, history, trees=[root])["ok"])
        # Torn: a byte in the middle changed.
        with open(os.path.join(root, "model.pt"), "r+b") as f:
            f.seek(10)
            f.write(b"X")
        r = self.run_check(history, history, trees=[root])
        self.assertFalse(r["ok"])
        self.assertIn("torn or changed: ./model.pt", "\n".join(r["problems"]))
        # Deleted.
        os.remove(os.path.join(root, "log.txt"))
        r = self.run_check(history, history, trees=[root])
        self.assertIn("deleted: ./log.txt", "\n".join(r["problems"]))

    def test_the_command_line_says_it_with_its_exit_status(self):
        self.write(self.acks, lines(self.HISTORY))
        self.write(self.volume, lines(self.HISTORY[:-1]))
        self.assertEqual(historycheck.main(["--acks", self.acks, "--volume", self.volume]), 1)
        self.assertEqual(historycheck.main(["--acks", self.acks, "--volume", self.volume, "--allow-tail"]), 0)
        with self.assertRaises(SystemExit):
            historycheck.main(["--acks", self.acks + ".missing", "--volume", self.volume])


if __name__ == "__main__":
    unittest.main()
