// SQL text shared by the catalogue code.
#pragma once

#include <string>

namespace shelf::catalogue {

constexpr const char* kTitleColumns = "t.id, t.isbn, t.title, t.pub_year, t.material";

// Authors of one title, in credit order ($1: title id).
const std::string kAuthorsOfTitle =
    "SELECT a.sort_name, ta.role FROM title_authors ta JOIN authors a ON a.id = ta.author_id "
    "WHERE ta.title_id = $1 ORDER BY ta.role, a.sort_name";

}  // namespace shelf::catalogue
