#include "reporting/CsvExport.hpp"

#include "common/StringUtil.hpp"

namespace vet::reporting {

std::string csvEscape(const std::string& field) {
    if (field.find_first_of(",\"\n") == std::string::npos) {
        return field;
    }
    std::string out = "\"";
    for (char c : field) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
    return out;
}

std::string toCsvLine(const std::vector<std::string>& fields) { return util::joinMapped(fields, ",", csvEscape); }

}  // namespace vet::reporting
