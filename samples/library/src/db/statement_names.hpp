// Names of the statements prepared on every connection (db/prepared.cpp).
#pragma once

namespace shelf::db::stmt {

constexpr const char* kPatronByCard = "patron_by_card";
constexpr const char* kOpenLoansOfPatron = "open_loans_of_patron";
constexpr const char* kCopyByBarcode = "copy_by_barcode";
constexpr const char* kOpenFinesOfPatron = "open_fines_of_patron";
constexpr const char* kActiveBlocks = "active_blocks";
constexpr const char* kTitleByIsbn = "title_by_isbn";

}  // namespace shelf::db::stmt
