import MedImage

/// Lays out thumbnails with two lines of text each on a dark gray 8-bit canvas.
enum ContactSheet {
    struct Tile {
        var image: PixelBuffer<UInt8>?
        var title: String
        var caption: String
    }

    private static let padding = 8
    private static let lineHeight = 18  // 7-pixel glyphs at scale 2, plus spacing

    static func render(_ tiles: [Tile], columns: Int, cell: Int) -> PixelBuffer<UInt8> {
        let columns = min(columns, max(tiles.count, 1))
        let rows = (tiles.count + columns - 1) / columns
        let tileWidth = cell + padding, tileHeight = cell + 2 * lineHeight + padding
        let width = columns * tileWidth + padding, height = rows * tileHeight + padding
        var pixels = [UInt8](repeating: 32, count: width * height)
        for (index, tile) in tiles.enumerated() {
            let x0 = padding + (index % columns) * tileWidth, y0 = padding + (index / columns) * tileHeight
            if let image = tile.image { blit(image, into: &pixels, width: width, x: x0, y: y0, cell: cell) }
            BitmapFont.draw(
                tile.title, into: &pixels, width: width, height: height, x: x0, y: y0 + cell + 4,
                scale: scale(for: tile.title, cell: cell), maxWidth: cell)
            BitmapFont.draw(
                tile.caption, into: &pixels, width: width, height: height, x: x0, y: y0 + cell + 4 + lineHeight,
                scale: scale(for: tile.caption, cell: cell), maxWidth: cell, ink: 200)
        }
        return PixelBuffer(width: width, height: height, channels: 1, samples: pixels)
    }

    /// 2 when the text fits the cell at double size, else 1 (keys are often long).
    private static func scale(for text: String, cell: Int) -> Int {
        text.count * (BitmapFont.glyphWidth + 1) * 2 <= cell ? 2 : 1
    }

    /// Values rescaled from their own min...max to 0...255, channels averaged.
    static func gray(_ values: [Double], width: Int, height: Int, channels: Int) -> PixelBuffer<UInt8> {
        let low = values.min() ?? 0, high = values.max() ?? 1
        let scale = high > low ? 255 / (high - low) : 0
        var out = [UInt8](repeating: 0, count: width * height)
        for i in 0..<(width * height) {
            var sum = 0.0
            for c in 0..<channels { sum += values[i * channels + c] }
            out[i] = UInt8(max(0, min(255, ((sum / Double(channels) - low) * scale).rounded())))
        }
        return PixelBuffer(width: width, height: height, channels: 1, samples: out)
    }

    /// Fits the image into a `cell` square, keeping its aspect ratio; each output pixel is the mean of its source box.
    private static func blit(
        _ image: PixelBuffer<UInt8>, into pixels: inout [UInt8], width: Int, x: Int, y: Int, cell: Int
    ) {
        let scale = Double(cell) / Double(max(image.width, image.height))
        let w = max(1, Int(Double(image.width) * scale)), h = max(1, Int(Double(image.height) * scale))
        let ox = x + (cell - w) / 2, oy = y + (cell - h) / 2
        for ty in 0..<h {
            let sy0 = ty * image.height / h, sy1 = max(sy0 + 1, (ty + 1) * image.height / h)
            for tx in 0..<w {
                let sx0 = tx * image.width / w, sx1 = max(sx0 + 1, (tx + 1) * image.width / w)
                var sum = 0
                for sy in sy0..<sy1 { for sx in sx0..<sx1 { sum += Int(image[sx, sy]) } }
                pixels[(oy + ty) * width + ox + tx] = UInt8(sum / ((sy1 - sy0) * (sx1 - sx0)))
            }
        }
    }
}
