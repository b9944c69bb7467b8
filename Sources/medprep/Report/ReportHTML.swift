import Foundation
import MedShards

/// `report.html`: one self-contained page — inline CSS, inline SVG charts and `data:` thumbnails,
/// no script and no network — that reads on screen and prints.
struct ReportHTML {
    var data: ReportData
    var thumbnails: Thumbnails
    /// Pairs shown with thumbnails; the rest of ``ReportData/Duplicates/pairs`` are listed as text.
    static let pairsWithThumbnails = 60

    func render() -> String {
        var page = head()
        page += summary() + countsSection() + errorsSection() + labelsSection() + demographicsSection()
        page += qualitySection() + duplicatesSection() + provenanceSection()
        return page + "</body>\n</html>\n"
    }

    private func head() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Dataset report — \(HTML.escape(data.generatedFrom.map(\.path).joined(separator: ", ")))</title>
        <style>
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1060px;color:#222;padding:0 12px}
        h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;border-bottom:2px solid #ddd;padding-bottom:3px;margin-top:30px}
        table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
        th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .verdicts li{margin:3px 0}.leak{color:#b00020;font-weight:600}.muted{color:#666}
        .chart{display:block;margin:10px 0}.chart .ct{font-weight:600;font-size:13px}.chart .ax{font-size:11px;fill:#444}
        .chart .grid{stroke:#e5e5e5}img.thumb{width:auto;height:auto;max-width:112px;max-height:112px;border:1px solid #bbb;background:#000}
        figure{display:inline-block;margin:4px;text-align:center;font-size:11px;max-width:130px;overflow-wrap:anywhere}
        pre{background:#f7f7f7;padding:8px;overflow-x:auto;font-size:12px;white-space:pre-wrap}
        code{font-size:12px;overflow-wrap:anywhere}
        @media print{body{margin:0;max-width:none}h2{break-after:avoid}table,figure,svg{break-inside:avoid}}
        </style>
        </head>
        <body>
        <h1>Dataset report</h1>
        <p class="muted">\(HTML.escape(data.tool)) over \(data.generatedFrom.map { "<code>\(HTML.escape($0.path))</code>" }.joined(separator: ", ")).
        Every figure is also in <code>report.json</code> (<code>medprep report --json</code>).</p>
        <p class="muted" id="source-paths">\(HTML.escape(data.sourcePaths))</p>\n
        """
    }

    private func summary() -> String {
        var s = "<h2 id=\"summary\">Summary</h2>\n<ul class=\"verdicts\">\n"
        for v in data.verdicts { s += "<li\(v.hasPrefix("LEAK") ? " class=\"leak\"" : "")>\(HTML.escape(v))</li>\n" }
        return s + "</ul>\n"
    }

    private func countsSection() -> String {
        var s =
            "<h2 id=\"counts\">Samples and patients</h2>\n<table><tr><th>split</th><th>samples</th><th>augmented copies</th><th>patients</th><th>labelled</th><th>without quality measures</th></tr>\n"
        for c in data.counts {
            s +=
                "<tr><td>\(HTML.escape(c.split))</td>"
                + [c.samples, c.augmentedCopies, c.patients, c.labelled, c.unmeasured].map {
                    "<td class=\"n\">\($0)</td>"
                }.joined() + "</tr>\n"
        }
        s +=
            "</table>\n<p>\(data.skipped) input(s) skipped with errors; \(data.ignoredFiles) file(s) beside the inputs ignored (not images).</p>\n"
        s += SVGChart.groupedBars(
            title: "Samples per split", categories: data.splits, series: ["samples"],
            values: [data.counts.map { Double($0.samples) }])
        return s
    }

    private func errorsSection() -> String {
        var s = "<h2 id=\"errors\">Errors</h2>\n"
        guard !data.errors.isEmpty else { return s + "<p>No input was skipped.</p>\n" }
        s += "<table><tr><th>code</th><th>inputs</th><th>examples</th></tr>\n"
        for group in data.errors {
            let examples = group.examples.map { e in
                "<code>\(HTML.escape(e.path))</code>\(e.location.map { " at \(HTML.escape($0))" } ?? ""): \(HTML.escape(e.reason))"
            }.joined(separator: "<br>")
            s += "<tr><td>\(HTML.escape(group.code))</td><td class=\"n\">\(group.count)</td><td>\(examples)</td></tr>\n"
        }
        return s + "</table>\n"
    }

    private func labelsSection() -> String {
        var s = "<h2 id=\"labels\">Label prevalence per split</h2>\n"
        guard !data.labelNames.isEmpty else { return s + "<p>The samples carry no labels.</p>\n" }
        s +=
            "<table><tr><th>label</th>"
            + data.splits.map { "<th>\(HTML.escape($0)): positive / labelled (patients)</th>" }.joined()
            + "<th>balance (chi-square p)</th></tr>\n"
        for name in data.labelNames {
            s += "<tr><td>\(HTML.escape(name))</td>"
            for split in data.splits {
                guard let p = data.prevalence.first(where: { $0.label == name && $0.split == split }) else { continue }
                s +=
                    "<td class=\"n\">\(p.positives) / \(p.labelled) (\(String(format: "%.1f%%", p.fraction * 100))) — \(p.positivePatients) patients</td>"
            }
            let test = data.labelTests.first { $0.variable == "the prevalence of \(name)" }
            s += "<td class=\"n\">\(test.map { BalanceTest.format($0.pValue) } ?? "—")</td></tr>\n"
        }
        s += "</table>\n"
        let values = data.splits.map { split in
            data.labelNames.map { name in data.prevalence.first { $0.label == name && $0.split == split }?.fraction ?? 0
            }
        }
        return s
            + SVGChart.groupedBars(
                title: "Prevalence per split", categories: data.labelNames, series: data.splits, values: values,
                percent: true)
    }

    private func demographicsSection() -> String {
        var s = "<h2 id=\"demographics\">Demographics per split</h2>\n"
        let distributions = [data.age, data.sex, data.view].compactMap { $0 }
        guard !distributions.isEmpty else {
            return s
                + "<p>The label tables record no age, sex or view position (only label tables are read for these, never DICOM patient attributes).</p>\n"
        }
        s +=
            "<p class=\"muted\">From the label tables (NIH: age, sex, view; CheXpert: age, sex; view also from DICOM View Position). Bars are fractions of each split's samples with a value.</p>\n"
        if !data.ageSummary.isEmpty {
            s += "<table><tr><th>split</th><th>with age</th><th>mean</th><th>median</th><th>min</th><th>max</th></tr>\n"
            for split in data.splits {
                guard let a = data.ageSummary[split] else { continue }
                s +=
                    "<tr><td>\(HTML.escape(split))</td><td class=\"n\">\(Int(a[0]))</td>"
                    + a.dropFirst().map { "<td class=\"n\">\(String(format: "%.1f", $0))</td>" }.joined() + "</tr>\n"
            }
            s += "</table>\n"
        }
        for d in distributions {
            let values = d.counts.map { row -> [Double] in
                let total = Double(row.reduce(0, +))
                return row.map { total > 0 ? Double($0) / total : 0 }
            }
            s += SVGChart.groupedBars(
                title: "\(d.variable.capitalized) per split", categories: d.categories, series: data.splits,
                values: values, percent: true)
            s +=
                "<table><tr><th>split</th>" + d.categories.map { "<th>\(HTML.escape($0))</th>" }.joined()
                + "<th>missing</th></tr>\n"
            for (i, split) in data.splits.enumerated() {
                s +=
                    "<tr><td>\(HTML.escape(split))</td>" + d.counts[i].map { "<td class=\"n\">\($0)</td>" }.joined()
                    + "<td class=\"n\">\(d.missing[i])</td></tr>\n"
            }
            s +=
                "</table>\n<p>\(HTML.escape(d.test?.verdict ?? "Not tested: fewer than two splits or categories with counts."))</p>\n"
        }
        return s
    }

    private func qualitySection() -> String {
        var s =
            "<h2 id=\"quality\">Quality flags</h2>\n<table><tr><th>flag</th><th>rule</th>"
            + data.splits.map { "<th>\(HTML.escape($0))</th>" }.joined() + "<th>total</th></tr>\n"
        for flag in data.flags {
            s +=
                "<tr><td>\(HTML.escape(flag.name))</td><td>\(HTML.escape(flag.rule))</td>"
                + flag.perSplit.map { "<td class=\"n\">\($0)</td>" }.joined()
                + "<td class=\"n\">\(flag.count)</td></tr>\n"
        }
        s += "</table>\n"
        let bins = (0..<16).map { String(format: "%.1f", Double($0) / 2) }
        let values = data.entropyHistogram.map { row -> [Double] in
            let total = Double(row.reduce(0, +))
            return row.map { total > 0 ? Double($0) / total : 0 }
        }
        s += SVGChart.groupedBars(
            title: "Histogram entropy (bits) per split", categories: bins, series: data.splits, values: values,
            percent: true)
        let folder = data.generatedFrom.count == 1 ? data.generatedFrom[0].path : nil
        for flag in data.flags where !flag.examples.isEmpty {
            s += "<h3>\(HTML.escape(flag.name)) (\(flag.count))</h3>\n<div>"
            for key in flag.examples { s += figure(folder: folder, key: key, caption: key) }
            s += "</div>\n"
        }
        return s
    }

    private func figure(folder: String?, key: String, caption: String) -> String {
        let url =
            folder.flatMap { thumbnails.url(folder: $0, key: key) }
            ?? data.generatedFrom.lazy.compactMap { thumbnails.url(folder: $0.path, key: key) }.first
        let image =
            url.map { "<img class=\"thumb\" alt=\"\(HTML.escape(key))\" src=\"\($0)\">" }
            ?? "<span class=\"muted\">(no thumbnail)</span>"
        return "<figure>\(image)<figcaption>\(HTML.escape(caption))</figcaption></figure>"
    }

    private func duplicatesSection() -> String {
        let d = data.duplicates
        var s = "<h2 id=\"duplicates\">Near-duplicate pairs</h2>\n"
        s +=
            "<p>\(d.searched) samples hashed and searched (\(d.excludedBlank) blank left out); pHash Hamming distance \u{2264} \(d.threshold); \(HTML.escape(d.method)).</p>\n"
        s +=
            "<p><span class=\"\(d.crossSplit > 0 ? "leak" : "")\">\(d.crossSplit) cross-split pair(s)</span> (leaks, listed first), \(d.withinSplit) within a split between different patients, \(d.samePatient) of the same patient.\(d.omittedPairs > 0 ? " \(d.omittedPairs) further pairs are counted but not listed (--max-pairs)." : "")</p>\n"
        s += SVGChart.groupedBars(
            title: "Pairs by kind", categories: ["cross-split", "within-split", "same-patient"], series: ["pairs"],
            values: [[Double(d.crossSplit), Double(d.withinSplit), Double(d.samePatient)]])
        s +=
            "<table id=\"near-duplicates\"><tr><th>#</th><th>kind</th><th>distance</th><th>first</th><th>second</th></tr>\n"
        for (i, pair) in d.pairs.enumerated() {
            func side(_ r: ReportData.SampleRef) -> String {
                let text = "\(r.key) [\(r.split)]"
                let thumb =
                    i < Self.pairsWithThumbnails
                    ? figure(folder: r.folder, key: r.key, caption: text) : HTML.escape(text)
                let source = r.source.map { "<br><code>\(HTML.escape($0))</code>" } ?? ""
                return thumb + source + "<br><code class=\"muted\">\(r.phash)</code>"
            }
            s +=
                "<tr\(pair.kind == .crossSplit ? " class=\"leak\"" : "")><td class=\"n\">\(i + 1)</td><td>\(pair.kind.rawValue)</td><td class=\"n\">\(pair.distance)</td><td>\(side(pair.first))</td><td>\(side(pair.second))</td></tr>\n"
        }
        if d.pairs.isEmpty { s += "<tr><td colspan=\"5\">No pair within the threshold.</td></tr>\n" }
        return s + "</table>\n"
    }

    private func provenanceSection() -> String {
        var s = "<h2 id=\"provenance\">Pipeline and provenance</h2>\n"
        for folder in data.generatedFrom {
            s += "<h3><code>\(HTML.escape(folder.path))</code></h3>\n<table>"
            let rows: [(String, String)] = [
                ("written by", "medprep \(folder.toolVersion)"),
                ("complete", folder.complete ? "yes" : "NO (interrupted run)"),
                ("input listing digest (SHA-256)", folder.inputDigest),
                ("manifest.json SHA-256", folder.manifestSHA256),
                ("shards", "\(folder.shards) (\(folder.shardBytes) bytes)"),
                ("shard digest (SHA-256 of name+hash lines)", folder.shardDigest),
                ("worker", folder.worker.map { "\($0.index + 1) of \($0.count)" } ?? "single run or merged"),
            ]
            for (k, v) in rows { s += "<tr><th>\(HTML.escape(k))</th><td><code>\(HTML.escape(v))</code></td></tr>" }
            let pipeline =
                (try? ManifestCoding.encoder(pretty: true).encode(folder.pipeline)).map {
                    String(decoding: $0, as: UTF8.self)
                } ?? ""
            s +=
                "</table>\n<p>The full pipeline description, as the manifest records it:</p>\n<pre>\(HTML.escape(pipeline))</pre>\n"
        }
        s +=
            "<p class=\"muted\">Quality measures are computed by <code>medprep convert</code> on each written image: 64-bit DCT pHash of the 32x32 area reduction (median of the 63 AC coefficients of the top-left 8x8 block as threshold), fractions of pixels at the bottom and top of the scale, dynamic range, 256-bin histogram entropy and a blank flag. Balance tests are Pearson chi-square tests of independence between split and the variable, without continuity correction.</p>\n"
        return s
    }
}
