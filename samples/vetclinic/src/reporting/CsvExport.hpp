// CSV export used by every report; the accountant imports these.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace vet::reporting {

std::string csvEscape(const std::string& field);
std::string toCsvLine(const std::vector<std::string>& fields);

template <typename Record>
class CsvWriter {
public:
    using Mapper = std::function<std::vector<std::string>(const Record&)>;

    CsvWriter(std::vector<std::string> header, Mapper mapper)
        : header_(std::move(header)), mapper_(std::move(mapper)) {}

    std::size_t write(std::ostream& out, const std::vector<Record>& records) const {
        out << toCsvLine(header_) << "\n";
        for (const Record& record : records) {
            out << toCsvLine(mapper_(record)) << "\n";
        }
        return records.size();
    }

private:
    std::vector<std::string> header_;
    Mapper mapper_;
};

}  // namespace vet::reporting
