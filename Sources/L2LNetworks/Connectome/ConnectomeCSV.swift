import Foundation

/// A parsed CSV file (RFC 4180: comma-separated, `"`-quoted fields with `""` as an
/// escaped quote, LF or CRLF line ends) with a header line, the form of the files in
/// `data/connectome/`. Rows remember their line, so readers can report
/// ``ConnectomeError`` with file, line and column (the 1-based field number).
struct ConnectomeCSV {
    /// One data row.
    struct Row {
        /// 1-based line of the row's first character.
        var line: Int
        var fields: [String]
    }

    /// The path as given, for messages.
    let file: String
    let header: [String]
    let rows: [Row]

    /// Reads and parses `url`.
    init(url: URL) throws(ConnectomeError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(file: url.path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: url.path, reason: "not UTF-8 text")
        }
        try self.init(text: text, file: url.path)
    }

    /// Parses `text`; `file` is only used in errors.
    init(text: String, file: String) throws(ConnectomeError) {
        self.file = file
        var records: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1, fieldIndex = 1
        var inQuotes = false, wasQuoted = false
        let bytes = Array(text.utf8)
        var k = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
            fieldIndex += 1
        }
        while k < bytes.count {
            let c = bytes[k]
            if inQuotes {
                if c == UInt8(ascii: "\"") {
                    if k + 1 < bytes.count && bytes[k + 1] == UInt8(ascii: "\"") {
                        field.append(c); k += 2; continue
                    }
                    inQuotes = false
                } else {
                    if c == UInt8(ascii: "\n") { line += 1 }
                    field.append(c)
                }
                k += 1
                continue
            }
            switch c {
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\r") where k + 1 < bytes.count && bytes[k + 1] == UInt8(ascii: "\n"):
                break
            case UInt8(ascii: "\n"):
                endField()
                records.append(Row(line: recordLine, fields: fields))
                fields.removeAll(keepingCapacity: true)
                line += 1
                recordLine = line
                fieldIndex = 1
            case UInt8(ascii: "\""):
                guard field.isEmpty && !wasQuoted else {
                    throw .malformedQuoting(file: file, line: line, column: fieldIndex)
                }
                inQuotes = true
                wasQuoted = true
            default:
                if wasQuoted { throw .malformedQuoting(file: file, line: line, column: fieldIndex) }
                field.append(c)
            }
            k += 1
        }
        if inQuotes { throw .malformedQuoting(file: file, line: recordLine, column: fieldIndex) }
        if !field.isEmpty || !fields.isEmpty || wasQuoted {
            endField()
            records.append(Row(line: recordLine, fields: fields))
        }
        // Blank lines (a lone empty field) are skipped.
        records.removeAll { $0.fields == [""] }
        guard let first = records.first else {
            throw .unreadable(file: file, reason: "empty file, expected a header line")
        }
        header = first.fields
        rows = Array(records.dropFirst())
        for row in rows where row.fields.count != header.count {
            throw .wrongFieldCount(file: file, line: row.line, expected: header.count, found: row.fields.count)
        }
    }

    /// The 0-based index of `name` in the header.
    func column(_ name: String) throws(ConnectomeError) -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw .missingColumn(file: file, column: name, header: header)
        }
        return i
    }

    /// A non-negative integer field.
    func count(_ row: Row, _ column: Int) throws(ConnectomeError) -> Int {
        let s = row.fields[column]
        guard let v = Int(s), v >= 0 else {
            throw .invalidValue(file: file, line: row.line, column: column + 1, name: header[column],
                                expected: "a non-negative integer", found: s)
        }
        return v
    }

    /// A 0/1 flag field.
    func flag(_ row: Row, _ column: Int) throws(ConnectomeError) -> Bool {
        switch row.fields[column] {
        case "0": return false
        case "1": return true
        case let s:
            throw .invalidValue(file: file, line: row.line, column: column + 1, name: header[column],
                                expected: "0 or 1", found: s)
        }
    }
}
