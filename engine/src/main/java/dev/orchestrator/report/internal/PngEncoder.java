package dev.orchestrator.report.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apiguardian.api.API;

/**
 * Encodes images as PNG bytes (the step graphs).
 *
 * <p>The graphs are {@code TYPE_INT_RGB} images of flat colours: those are encoded here straight from their
 * pixel array, one "Sub" filtered row at a time (a flat run becomes zeros) with a fast deflate. ImageIO's
 * writer copies every row into a new raster and tries five filters on it; on a 4000 px graph that was most of
 * the report threads' CPU in a profile of a 2000-step run (bench/profiles/inproc-step.md). Other image types go
 * through ImageIO.
 */
@API(status = INTERNAL)
public final class PngEncoder {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int SUB = 1;

    private PngEncoder() {
    }

    /** The image as PNG bytes. */
    public static byte[] encode(BufferedImage image) throws IOException {
        if (image.getType() == BufferedImage.TYPE_INT_RGB && image.getRaster().getDataBuffer() instanceof DataBufferInt
                && image.getRaster().getParent() == null) {
            return encodeRgb(image);
        }
        return encodeWithImageIo(image);
    }

    private static byte[] encodeRgb(BufferedImage image) throws IOException {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int stride = image.getRaster().getSampleModel() instanceof java.awt.image.SinglePixelPackedSampleModel packed
                ? packed.getScanlineStride() : width;
        ByteArrayOutputStream png = new ByteArrayOutputStream(64 * 1024);
        png.write(SIGNATURE);
        ByteArrayOutputStream header = new ByteArrayOutputStream(13);
        writeInt(header, width);
        writeInt(header, height);
        header.write(8); // bit depth
        header.write(2); // colour type: RGB
        header.write(0); // compression: deflate
        header.write(0); // filter method 0
        header.write(0); // no interlace
        chunk(png, "IHDR", header.toByteArray());
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(64 * 1024);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DeflaterOutputStream zip = new DeflaterOutputStream(compressed, deflater, 64 * 1024)) {
            byte[] row = new byte[1 + width * 3];
            row[0] = SUB;
            for (int y = 0; y < height; y++) {
                int offset = y * stride;
                int left = 0;
                for (int x = 0, i = 1; x < width; x++, i += 3) {
                    int rgb = pixels[offset + x];
                    row[i] = (byte) ((rgb >> 16) - (left >> 16));
                    row[i + 1] = (byte) ((rgb >> 8) - (left >> 8));
                    row[i + 2] = (byte) (rgb - left);
                    left = rgb;
                }
                zip.write(row);
            }
        } finally {
            deflater.end();
        }
        chunk(png, "IDAT", compressed.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        writeInt(out, data.length);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        writeInt(out, (int) crc.getValue());
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    /**
     * Through ImageIO, with a light deflate level: flat colours stay small and encoding takes about half the time
     * of the default.
     */
    private static byte[] encodeWithImageIo(BufferedImage image) throws IOException {
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
