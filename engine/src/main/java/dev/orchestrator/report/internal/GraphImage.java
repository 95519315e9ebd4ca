package dev.orchestrator.report.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.recipe.internal.Counts;
import dev.orchestrator.recipe.internal.Durations;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.event.StepStatus;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The step graph of a recipe drawn as an image (docs/reports.md): its steps as boxes in dependency layers
 * ({@link GraphLayout}), arrows for dependencies, coloured by status (passed green, failed red, skipped grey,
 * not run white; a step served from the step cache teal with a dashed border and the run it came from), each box
 * with the step's name and duration. Pure Java2D, headless; no Graphviz needed —
 * {@link GraphDot} gives the same graph as DOT text for those who have it, {@link PngEncoder} the image as PNG
 * bytes and {@link GraphFiles} writes both.
 *
 * <p>Used after every run by the reports and, without a run, by the CLI's {@code graph} command (pass
 * empty maps: every box is "not run").
 */
@API(status = INTERNAL)
public final class GraphImage {

    /** Fill of a passed step. */
    public static final Color PASSED = new Color(0x81C784);
    /** Fill of a failed step. */
    public static final Color FAILED = new Color(0xE57373);
    /** Fill of a skipped step. */
    public static final Color SKIPPED = new Color(0xC8C8C8);
    /** Fill of a passed step that did not run: its result was reused from the step cache (docs/caching.md). */
    public static final Color CACHED = new Color(0x80CBC4);
    /** Fill of a step that has not run. */
    public static final Color NOT_RUN = Color.WHITE;

    /** Neither side of an image exceeds this many pixels; a larger graph is drawn scaled down. */
    public static final int MAX_SIDE = 4000;

    private static final Color EDGE = new Color(0x546E7A);
    private static final Color BORDER = new Color(0x37474F);
    private static final Color GROUP = new Color(0x1E88E5);

    private GraphImage() {
    }

    /**
     * Draws the graph of {@code recipe}.
     *
     * @param statuses  step name → status; a step not in the map is drawn as not run (never null)
     * @param durations step name → wall time, shown in the box; a step not in the map shows none (never null)
     * @return an RGB image at most {@link #MAX_SIDE} pixels wide and high
     */
    public static BufferedImage render(Recipe recipe, Map<String, StepStatus> statuses,
                                       Map<String, Duration> durations) {
        return render(recipe, statuses, durations, Map.of());
    }

    /**
     * Draws the graph of {@code recipe}, marking the steps served from the step cache.
     *
     * @param cachedFrom step name → the run id its result was reused from (docs/caching.md); never null
     */
    public static BufferedImage render(Recipe recipe, Map<String, StepStatus> statuses,
                                       Map<String, Duration> durations, Map<String, String> cachedFrom) {
        headless();
        GraphLayout layout = GraphLayout.of(recipe);
        double scale = Math.min(1.0, Math.min((double) MAX_SIDE / layout.width(), (double) MAX_SIDE / layout.height()));
        BufferedImage image = new BufferedImage((int) Math.ceil(layout.width() * scale),
                (int) Math.ceil(layout.height() * scale), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.scale(scale, scale);
            header(g, recipe, statuses, cachedFrom.size());
            groups(g, recipe, layout);
            Map<String, List<String>> continuedTo = new LinkedHashMap<>();
            Map<String, List<String>> continuedFrom = new LinkedHashMap<>();
            for (Step step : recipe.steps()) {
                for (String dep : layout.graph().dependencies(step.name())) {
                    Rectangle from = layout.box(dep);
                    Rectangle to = layout.box(step.name());
                    if (to.y > from.y) {
                        edge(g, from, to);
                    } else {
                        // the chain continues in the next band: a labelled stub at each end, not a line across
                        continuedTo.computeIfAbsent(dep, k -> new ArrayList<>()).add(step.name());
                        continuedFrom.computeIfAbsent(step.name(), k -> new ArrayList<>()).add(dep);
                    }
                }
            }
            continuedTo.forEach((name, targets) -> stub(g, layout.box(name), targets, false));
            continuedFrom.forEach((name, sources) -> stub(g, layout.box(name), sources, true));
            for (Step step : recipe.steps()) {
                node(g, step, layout.box(step.name()), statuses.get(step.name()), durations.get(step.name()),
                        cachedFrom.get(step.name()));
            }
            DataEdges.draw(g, recipe, layout);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The images one below the other (for the run's graph of several recipes), capped like {@link #render}. */
    static BufferedImage stack(List<BufferedImage> images) {
        int width = images.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int height = images.stream().mapToInt(BufferedImage::getHeight).sum();
        double scale = Math.min(1.0, Math.min((double) MAX_SIDE / width, (double) MAX_SIDE / Math.max(1, height)));
        BufferedImage out = new BufferedImage(Math.max(1, (int) (width * scale)), Math.max(1, (int) (height * scale)),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.scale(scale, scale);
            int y = 0;
            for (BufferedImage image : images) {
                g.drawImage(image, 0, y, null);
                y += image.getHeight();
                g.setColor(SKIPPED);
                g.drawLine(0, y - 1, width, y - 1);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Draws and encodes a small made-up graph with every font and shape {@link #render} uses, so that Java2D's
     * start-up (fonts, the rasteriser) and the PNG encoder's classes are paid for on a report's thread while the
     * steps run, not after the last step ({@link ReportWarmUp}).
     */
    static void warmUp() throws IOException {
        headless();
        BufferedImage image = new BufferedImage(240, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.scale(0.9, 0.9);
            Rectangle a = new Rectangle(10, 10, 90, 40);
            Rectangle b = new Rectangle(120, 70, 90, 40);
            edge(g, a, b);
            for (int style : new int[] {Font.BOLD, Font.PLAIN, Font.ITALIC}) {
                for (int size = 11; size <= 16; size++) {
                    g.setFont(new Font(Font.SANS_SERIF, style, size));
                    g.drawString(fit(g, "warm-up 0123456789 — …", 80), 12, 30);
                }
            }
            RoundRectangle2D shape = new RoundRectangle2D.Double(b.x, b.y, b.width, b.height, 12, 12);
            g.setColor(PASSED);
            g.fill(shape);
            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[]{6f, 4f}, 0f));
            g.draw(shape);
        } finally {
            g.dispose();
        }
        PngEncoder.encode(stack(List.of(image, image)));
    }

    static Color fill(StepStatus status) {
        if (status == null) {
            return NOT_RUN;
        }
        return switch (status) {
            case PASSED -> PASSED;
            case FAILED -> FAILED;
            // an aborted step neither passed nor failed: drawn (and counted) like a skipped one
            case SKIPPED, ABORTED -> SKIPPED;
        };
    }

    private static void header(Graphics2D g, Recipe recipe, Map<String, StepStatus> statuses, int cached) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(recipe.testId() + " — " + Counts.of(recipe.steps().size(), "step"), GraphLayout.MARGIN, 26);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        long passed = statuses.values().stream().filter(s -> s == StepStatus.PASSED).count();
        long failed = statuses.values().stream().filter(s -> s == StepStatus.FAILED).count();
        long skipped = statuses.values().stream().filter(s -> s == StepStatus.SKIPPED || s == StepStatus.ABORTED)
                .count();
        int x = GraphLayout.MARGIN;
        List<Object[]> legend = new ArrayList<>(List.of(new Object[][] {{PASSED, "passed " + (passed - cached)},
                {FAILED, "failed " + failed}, {SKIPPED, "skipped " + skipped},
                {NOT_RUN, "not run " + (recipe.steps().size() - statuses.size())}}));
        if (cached > 0) {
            // one entry per colour: the passed steps that ran, and those whose result came from the cache
            legend.add(1, new Object[] {CACHED, "cached " + cached});
        }
        for (Object[] item : legend) {
            g.setColor((Color) item[0]);
            g.fillRect(x, 36, 14, 14);
            g.setColor(BORDER);
            g.drawRect(x, 36, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString((String) item[1], x + 20, 48);
            x += legend.size() > 4 ? 98 : 110;
        }
    }

    /** A dashed frame around the steps of a parallel group that share a row. */
    private static void groups(Graphics2D g, Recipe recipe, GraphLayout layout) {
        g.setColor(GROUP);
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[]{6f, 4f}, 0f));
        recipe.steps().stream().map(s -> s.scheduling().parallelGroup()).filter(java.util.Objects::nonNull).distinct().forEach(group -> {
            Rectangle frame = null;
            for (Step step : recipe.steps()) {
                if (group.equals(step.scheduling().parallelGroup())) {
                    Rectangle box = layout.box(step.name());
                    if (frame != null && frame.y != box.y) {
                        frame = null; // wrapped onto several rows: a frame would cover other steps
                        break;
                    }
                    frame = frame == null ? box : frame.union(box);
                }
            }
            if (frame != null) {
                g.draw(new RoundRectangle2D.Double(frame.x - 8, frame.y - 8, frame.width + 16, frame.height + 16, 16, 16));
            }
        });
        g.setStroke(new BasicStroke(1f));
    }

    private static void edge(Graphics2D g, Rectangle from, Rectangle to) {
        double x1 = from.getCenterX();
        double y1 = from.getMaxY();
        double x2 = to.getCenterX();
        double y2 = to.getMinY() - 1;
        double pull = Math.max(GraphLayout.V_GAP, Math.abs(y2 - y1) / 2);
        CubicCurve2D curve = new CubicCurve2D.Double(x1, y1, x1, y1 + pull, x2, y2 - pull, x2, y2);
        g.setColor(EDGE);
        g.setStroke(new BasicStroke(1.4f));
        g.draw(curve);
        Path2D head = new Path2D.Double();
        head.moveTo(x2, y2);
        head.lineTo(x2 - 5, y2 - 10);
        head.lineTo(x2 + 5, y2 - 10);
        head.closePath();
        g.fill(head);
        g.setStroke(new BasicStroke(1f));
    }

    /** A short arrow out of a box's bottom ("to …") or into its top ("from …") for an edge between bands. */
    private static void stub(Graphics2D g, Rectangle box, List<String> others, boolean incoming) {
        double x = box.getCenterX();
        double y1 = incoming ? box.getMinY() - 16 : box.getMaxY();
        double y2 = incoming ? box.getMinY() - 1 : box.getMaxY() + 12;
        g.setColor(EDGE);
        g.setStroke(new BasicStroke(1.4f));
        g.draw(new java.awt.geom.Line2D.Double(x, y1, x, y2));
        if (incoming) {
            Path2D head = new Path2D.Double();
            head.moveTo(x, y2);
            head.lineTo(x - 5, y2 - 8);
            head.lineTo(x + 5, y2 - 8);
            head.closePath();
            g.fill(head);
        }
        g.setStroke(new BasicStroke(1f));
        g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 11));
        String text = (incoming ? "from " : "to ") + String.join(", ", others);
        g.drawString(fit(g, text, GraphLayout.BOX_WIDTH / 2 + GraphLayout.H_GAP / 2 - 6), (float) x + 6,
                (float) (incoming ? box.getMinY() - 5 : box.getMaxY() + 13));
    }

    private static void node(Graphics2D g, Step step, Rectangle box, StepStatus status, Duration duration,
                             String cachedFrom) {
        RoundRectangle2D shape = new RoundRectangle2D.Double(box.x, box.y, box.width, box.height, 12, 12);
        g.setColor(cachedFrom != null ? CACHED : fill(status));
        g.fill(shape);
        g.setColor(BORDER);
        g.setStroke(cachedFrom != null
                ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[]{5f, 3f}, 0f)
                : new BasicStroke(status == StepStatus.FAILED ? 2.2f : 1.2f));
        g.draw(shape);
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        int inner = box.width - 16;
        g.drawString(fit(g, step.name(), inner), box.x + 8, box.y + 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        // a cached step did not run: the run its result came from says more than the time its restore took
        String detail = "#" + step.idx() + "  " + (cachedFrom != null ? "cached from run " + cachedFrom
                : (status == null ? "not run" : status.name().toLowerCase(Locale.ROOT))
                + (duration == null ? "" : "  " + Durations.elapsed(duration)));
        g.drawString(fit(g, detail, inner), box.x + 8, box.y + 38);
    }

    /** {@code text}, cut with an ellipsis to fit {@code width} pixels. */
    static String fit(Graphics2D g, String text, int width) {
        FontMetrics metrics = g.getFontMetrics();
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String cut = text;
        while (cut.length() > 1 && metrics.stringWidth(cut + "…") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }

    private static void headless() {
        // the engine never needs a display; a CI box has none, and AWT must not look for one
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
