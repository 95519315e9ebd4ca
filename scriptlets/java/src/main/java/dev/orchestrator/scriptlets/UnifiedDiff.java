package dev.orchestrator.scriptlets;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff ({@code diff -u} style, 3 lines of context) of two lists of lines, from a longest common
 * subsequence. Quadratic: for inputs whose line counts multiply past {@link #MAX_CELLS} only the first
 * differing line is named.
 */
final class UnifiedDiff {

    static final long MAX_CELLS = 16_000_000L;
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** The diff lines (headers included); empty when the inputs are equal. */
    static List<String> diff(String leftName, List<String> left, String rightName, List<String> right) {
        if (left.equals(right)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add("--- " + leftName);
        out.add("+++ " + rightName);
        if ((long) left.size() * right.size() > MAX_CELLS) {
            int i = 0;
            while (i < left.size() && i < right.size() && left.get(i).equals(right.get(i))) {
                i++;
            }
            out.add("@@ too large to diff: first difference at line " + (i + 1) + " @@");
            return out;
        }
        // edits: ' ' kept, '-' only left, '+' only right; each with the line and both line numbers
        List<Edit> edits = edits(left, right);
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).kind == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend the hunk while the next change is within 2*CONTEXT kept lines
            while (end < edits.size()) {
                int next = end;
                while (next < edits.size() && edits.get(next).kind == ' ') {
                    next++;
                }
                if (next == edits.size() || next - end > 2 * CONTEXT) {
                    end = Math.min(edits.size(), end + CONTEXT);
                    break;
                }
                end = next;
                while (end < edits.size() && edits.get(end).kind != ' ') {
                    end++;
                }
            }
            List<Edit> hunk = edits.subList(start, end);
            long leftCount = hunk.stream().filter(e -> e.kind != '+').count();
            long rightCount = hunk.stream().filter(e -> e.kind != '-').count();
            out.add("@@ -" + (hunk.get(0).leftLine + (leftCount == 0 ? 0 : 1)) + "," + leftCount
                    + " +" + (hunk.get(0).rightLine + (rightCount == 0 ? 0 : 1)) + "," + rightCount + " @@");
            hunk.forEach(e -> out.add(e.kind + e.line));
            i = end;
        }
        return out;
    }

    private record Edit(char kind, String line, int leftLine, int rightLine) {
    }

    private static List<Edit> edits(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                edits.add(new Edit(' ', a.get(i), i, j));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                // removals before additions, as diff -u shows them
                edits.add(new Edit('-', a.get(i), i, j));
                i++;
            } else {
                edits.add(new Edit('+', b.get(j), i, j));
                j++;
            }
        }
        return edits;
    }
}
