package dev.orchestrator.report.internal;

import dev.orchestrator.recipe.internal.DataFlow;
import dev.orchestrator.recipe.Recipe;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Path2D;

/**
 * Draws the ctx data edges of a recipe whose steps declare contracts (docs/contracts.md) over the step graph
 * image: a dashed blue arrow from the right half of the writer's box to the right half of the reader's, labelled
 * with the keys. Drawn after the boxes, so that a line crossing a box stays visible. An edge between bands (the
 * layout's newspaper columns) is left out, as dependency edges there are drawn as stubs.
 */
final class DataEdges {

    /** The colour of data edges, in the image and in DOT. */
    static final Color COLOUR = new Color(0x1565C0);

    private static final float[] DASH = {6f, 4f};

    private DataEdges() {
    }

    static void draw(Graphics2D g, Recipe recipe, GraphLayout layout) {
        if (!DataFlow.hasContracts(recipe.steps())) {
            return;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (DataFlow.Edge edge : DataFlow.of(recipe).edges()) {
            Rectangle from = layout.box(edge.from());
            Rectangle to = layout.box(edge.to());
            if (from != null && to != null && to.y > from.y) {
                arrow(g, from, to, String.join(", ", edge.keys()));
            }
        }
    }

    private static void arrow(Graphics2D g, Rectangle from, Rectangle to, String label) {
        double x1 = from.getMaxX() - from.getWidth() / 4;
        double y1 = from.getMaxY();
        double x2 = to.getMaxX() - to.getWidth() / 4;
        double y2 = to.getMinY() - 1;
        double pull = Math.max(GraphLayout.V_GAP, Math.abs(y2 - y1) / 2);
        g.setColor(COLOUR);
        g.setStroke(new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DASH, 0f));
        g.draw(new CubicCurve2D.Double(x1, y1, x1 + 30, y1 + pull, x2 + 30, y2 - pull, x2, y2));
        g.setStroke(new BasicStroke(1f));
        Path2D head = new Path2D.Double();
        head.moveTo(x2, y2);
        head.lineTo(x2 - 4, y2 - 9);
        head.lineTo(x2 + 4, y2 - 9);
        head.closePath();
        g.fill(head);
        String text = GraphImage.fit(g, label, GraphLayout.BOX_WIDTH / 2);
        g.drawString(text, (float) (Math.max(x1, x2) + 26), (float) ((y1 + y2) / 2 + 4));
    }
}
