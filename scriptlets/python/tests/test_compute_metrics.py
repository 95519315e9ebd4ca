import statistics
import tempfile
import unittest
from pathlib import Path

from scriptlets.python.core import Ctx, InvalidParams
from scriptlets.python.steps.compute_metrics import StepComputeMetrics
from scriptlets.python.tests.support import SAMPLE_CSV


class ComputeMetricsTest(unittest.TestCase):

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = Path(self._tmp.name)
        self.step = StepComputeMetrics()

    def tearDown(self):
        self._tmp.cleanup()

    def csv(self, text, name="in.csv", encoding="utf-8"):
        path = self.tmp / name
        path.write_bytes(text.encode(encoding))
        return str(path)

    def run_step(self, params, ctx=None):
        ctx = ctx or Ctx()
        self.step.validate(ctx, params)
        return ctx, self.step.run(ctx, params)

    def test_metrics_per_numeric_column_in_header_order(self):
        path = self.csv("name,b,a\nx,1,10\ny,2,20\nz,3,30\nw,4,40\n")
        ctx, result = self.run_step({"input": path})
        self.assertEqual(ctx.get("metrics_columns"), ["b", "a"])
        self.assertEqual(list(ctx.get("metrics")), ["b", "a"])
        b = ctx.get("metrics")["b"]
        self.assertEqual(b, {"mean": 2.5, "std": statistics.pstdev([1, 2, 3, 4]), "min": 1.0,
                             "max": 4.0, "count": 4})
        self.assertAlmostEqual(b["std"], 1.118033988749895)  # population, not sample (1.29)
        self.assertEqual(result, {"input": path, "rows": 4, "numeric_columns": ["b", "a"],
                                  "skipped_columns": ["name"]})

    def test_empty_cells_are_ignored_and_not_counted(self):
        ctx, _ = self.run_step({"input": self.csv("v,w\n1,\n,\n3, \n")})
        self.assertEqual(ctx.get("metrics")["v"]["count"], 2)
        self.assertEqual(ctx.get("metrics")["v"]["mean"], 2.0)
        self.assertNotIn("w", ctx.get("metrics"))  # no value at all: skipped

    def test_one_text_cell_makes_a_column_non_numeric(self):
        ctx, result = self.run_step({"input": self.csv("v,n\n1,1\n2,n/a\n")})
        self.assertEqual(ctx.get("metrics_columns"), ["v"])
        self.assertEqual(result["skipped_columns"], ["n"])

    def test_nan_and_inf_cells_make_a_column_non_numeric(self):
        ctx, _ = self.run_step({"input": self.csv("a,b,c\n1,nan,2\n2,3,inf\n")})
        self.assertEqual(ctx.get("metrics_columns"), ["a"])

    def test_scientific_negative_and_spaced_numbers(self):
        ctx, _ = self.run_step({"input": self.csv(" v \n -1e2 \n 3.5\n")})
        self.assertEqual(ctx.get("metrics")["v"]["min"], -100.0)
        self.assertEqual(ctx.get("metrics")["v"]["max"], 3.5)

    def test_blank_lines_short_rows_and_bom(self):
        ctx, result = self.run_step({"input": self.csv("a,b\r\n1,2\r\n\r\n3\r\n", encoding="utf-8-sig")})
        self.assertEqual(ctx.get("metrics_columns"), ["a", "b"])
        self.assertEqual(ctx.get("metrics")["b"]["count"], 1)
        self.assertEqual(result["rows"], 2)

    def test_quoted_cells_with_commas(self):
        ctx, _ = self.run_step({"input": self.csv('label,v\n"a, b",1\n"c",2\n')})
        self.assertEqual(ctx.get("metrics_columns"), ["v"])

    def test_header_only_gives_no_metrics(self):
        ctx, result = self.run_step({"input": self.csv("a,b\n")})
        self.assertEqual(ctx.get("metrics"), {})
        self.assertEqual(ctx.get("metrics_columns"), [])
        self.assertEqual(result["rows"], 0)

    def test_empty_file_fails(self):
        with self.assertRaisesRegex(ValueError, "no header"):
            self.run_step({"input": self.csv("\n\n")})

    def test_duplicate_columns_fail(self):
        with self.assertRaisesRegex(ValueError, "duplicate column names"):
            self.run_step({"input": self.csv("a,a\n1,2\n")})

    def test_sample_data(self):
        ctx, result = self.run_step({"input": str(SAMPLE_CSV)})
        self.assertEqual(result["rows"], 19)
        self.assertEqual(ctx.get("metrics_columns"), ["temperature", "humidity", "pressure"])
        self.assertEqual(ctx.get("metrics")["temperature"]["count"], 19)
        self.assertEqual(ctx.get("metrics")["humidity"]["max"], 88.0)

    def test_validate_requires_an_existing_input(self):
        for params in ({}, {"input": ""}, {"input": str(self.tmp / "nope.csv")}, {"input": 3}):
            with self.subTest(params=params), self.assertRaises(InvalidParams):
                self.step.validate(Ctx(), params)

    def test_falls_back_to_clean_csv_from_ctx(self):
        path = self.csv("v\n5\n")
        ctx, result = self.run_step({}, Ctx({"clean_csv": path}))
        self.assertEqual(result["input"], path)
        self.assertEqual(ctx.get("metrics")["v"]["mean"], 5.0)

    def test_param_wins_over_ctx(self):
        path = self.csv("v\n5\n")
        _, result = self.run_step({"input": path}, Ctx({"clean_csv": "elsewhere.csv"}))
        self.assertEqual(result["input"], path)


if __name__ == "__main__":
    unittest.main()
