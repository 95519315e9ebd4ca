import datetime
import json
import math
import unittest

from scriptlets.python.core import Ctx, NonJsonValueError


class CtxValuesTest(unittest.TestCase):

    def setUp(self):
        self.ctx = Ctx({"a": 1, "nested": {"x": [1, 2]}}, who="s1", what="m:f", recipe="r", run_id="run")

    def test_get_returns_value_or_default(self):
        self.assertEqual(self.ctx.get("a"), 1)
        self.assertIsNone(self.ctx.get("missing"))
        self.assertEqual(self.ctx.get("missing", "dflt"), "dflt")

    def test_get_returns_a_copy(self):
        self.ctx.get("nested")["x"].append(3)
        self.assertEqual(self.ctx.get("nested"), {"x": [1, 2]})

    def test_set_stores_a_copy(self):
        value = {"list": [1]}
        self.ctx.set("k", value)
        value["list"].append(2)
        self.assertEqual(self.ctx.get("k"), {"list": [1]})

    def test_snapshot_is_not_mutated(self):
        snapshot = {"a": 1}
        Ctx(snapshot).set("a", 2)
        self.assertEqual(snapshot, {"a": 1})

    def test_has_keys_and_delete(self):
        self.ctx.set("b", None)
        self.assertTrue(self.ctx.has("b"))
        self.assertIn("b", self.ctx)
        self.assertEqual(self.ctx.keys(), ["a", "nested", "b"])
        self.assertTrue(self.ctx.delete("a"))
        self.assertFalse(self.ctx.has("a"))
        self.assertFalse(self.ctx.delete("a"))
        self.assertEqual(self.ctx.keys(), ["nested", "b"])

    def test_accepts_every_json_type(self):
        value = {"s": "t", "i": 1, "f": 1.5, "b": True, "n": None, "l": [1, "x", [None]], "o": {}}
        self.ctx.set("all", value)
        self.assertEqual(self.ctx.get("all"), value)

    def test_snapshot_must_be_an_object(self):
        with self.assertRaises(TypeError):
            Ctx([1, 2])


class CtxJsonOnlyTest(unittest.TestCase):

    def setUp(self):
        self.ctx = Ctx({"keep": 1})

    def assert_refused(self, value, type_name, key="bad"):
        with self.assertRaises(NonJsonValueError) as caught:
            self.ctx.set(key, value)
        self.assertIsInstance(caught.exception, TypeError)
        self.assertIn(key, str(caught.exception))
        self.assertIn(type_name, str(caught.exception))
        self.assertFalse(self.ctx.has(key), "nothing may be stored")
        self.assertEqual(self.ctx.changes(), [], "nothing may be recorded")
        return caught.exception

    def test_refuses_set(self):
        self.assert_refused({1, 2}, "set")

    def test_refuses_tuple(self):
        self.assert_refused((1, 2), "tuple")

    def test_refuses_bytes(self):
        self.assert_refused(b"x", "bytes")

    def test_refuses_datetime(self):
        self.assert_refused(datetime.datetime(2024, 1, 1), "datetime")

    def test_refuses_arbitrary_object(self):
        self.assert_refused(object(), "object")

    def test_refuses_nan_and_infinity(self):
        self.assert_refused(math.nan, "float")
        self.assert_refused(math.inf, "float")

    def test_refuses_non_json_deep_inside_and_names_the_path(self):
        error = self.assert_refused({"a": [1, {"b": b"x"}]}, "bytes", key="deep")
        self.assertEqual(error.key, "deep")
        self.assertEqual(error.path, "a[1].b")

    def test_refuses_nul_and_lone_surrogates_naming_the_key_never_the_value(self):
        for value in ("hunter2\x00", "name-\udcff.csv", {"hunter2\x00": 1}, ["ok", "hunter2\ud800"]):
            with self.subTest(value=ascii(value)):
                with self.assertRaises(NonJsonValueError) as caught:
                    self.ctx.set("secret", value)
                self.assertIn("ctx key 'secret'", str(caught.exception))
                self.assertNotIn("hunter2", str(caught.exception))
                self.assertFalse(self.ctx.has("secret"))
        self.ctx.set("fine", "emoji \U0001F600 and é")
        self.assertEqual(self.ctx.get("fine"), "emoji \U0001F600 and é")

    def test_refuses_non_string_object_keys(self):
        self.assert_refused({1: "x"}, "int")

    def test_refusal_leaves_existing_value_untouched(self):
        with self.assertRaises(TypeError):
            self.ctx.set("keep", {1})
        self.assertEqual(self.ctx.get("keep"), 1)

    def test_refuses_bad_keys(self):
        for key in ("", None, 3):
            with self.assertRaises(TypeError):
                self.ctx.set(key, 1)


class CtxHistoryTest(unittest.TestCase):
    LOADED = [
        {"key": "a", "op": "set", "old": None, "new": 1, "who": "runner", "what": "runner",
         "when": "2024-01-01T00:00:00Z", "recipe": "r", "run_id": "run"},
        {"key": "b", "op": "set", "old": None, "new": 2, "who": "s0", "what": "X",
         "when": "2024-01-01T00:00:01Z", "recipe": "r", "run_id": "run"},
    ]

    def setUp(self):
        self.ctx = Ctx({"a": 1, "b": 2}, self.LOADED, who="s1", what="m:F", recipe="r", run_id="run")

    def test_loaded_history_is_visible(self):
        self.assertEqual(self.ctx.get_history("a"), [self.LOADED[0]])
        self.assertEqual(self.ctx.last_modified("b")["who"], "s0")
        self.assertEqual(self.ctx.get_history("never"), [])
        self.assertIsNone(self.ctx.last_modified("never"))

    def test_own_changes_are_appended_with_who_what_old_new(self):
        self.ctx.set("a", 10)
        self.ctx.delete("b")
        history = self.ctx.get_history("a")
        self.assertEqual(len(history), 2)
        last = self.ctx.last_modified("a")
        self.assertEqual((last["op"], last["old"], last["new"]), ("set", 1, 10))
        self.assertEqual((last["who"], last["what"], last["recipe"], last["run_id"]),
                         ("s1", "m:F", "r", "run"))
        self.assertRegex(last["when"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
        deleted = self.ctx.last_modified("b")
        self.assertEqual((deleted["op"], deleted["old"], deleted["new"]), ("delete", 2, None))
        self.assertEqual([r["key"] for r in self.ctx.history()], ["a", "b", "a", "b"])

    def test_history_records_are_copies(self):
        self.ctx.get_history("a")[0]["new"] = "mutated"
        self.assertEqual(self.ctx.get_history("a")[0]["new"], 1)

    def test_delete_of_absent_key_records_nothing(self):
        self.ctx.delete("zzz")
        self.assertEqual(self.ctx.get_history("zzz"), [])
        self.assertEqual(self.ctx.changes(), [])


class CtxSinkTest(unittest.TestCase):

    def test_sink_gets_one_bridge_line_per_change(self):
        lines = []
        ctx = Ctx(sink=lines.append)
        ctx.set("k", {"v": [1]})
        ctx.delete("k")
        self.assertEqual(lines, [{"op": "set", "key": "k", "value": {"v": [1]}},
                                 {"op": "delete", "key": "k"}])
        self.assertEqual(ctx.changes(), lines)

    def test_a_failing_sink_stores_nothing(self):
        def broken(_change):
            raise OSError("disk full")
        ctx = Ctx({"k": 1}, sink=broken)
        with self.assertRaises(OSError):
            ctx.set("k", 2)
        self.assertEqual(ctx.get("k"), 1)
        self.assertEqual(ctx.get_history("k"), [])


class ExposeForShellTest(unittest.TestCase):

    def test_names_and_values(self):
        ctx = Ctx({"clean_csv": "Data/x.csv", "my-key.v2": 3, "obj": {"a": [1, "b"]}, "flag": True,
                   "nothing": None})
        self.assertEqual(ctx.expose_for_shell(), {
            "CTX_CLEAN_CSV": "Data/x.csv",
            "CTX_MY_KEY_V2": "3",
            "CTX_OBJ": '{"a":[1,"b"]}',
            "CTX_FLAG": "true",
            "CTX_NOTHING": "null",
        })
        self.assertEqual(json.loads(ctx.expose_for_shell()["CTX_OBJ"]), {"a": [1, "b"]})


if __name__ == "__main__":
    unittest.main()
