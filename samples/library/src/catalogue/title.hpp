#pragma once

#include <string>
#include <vector>

namespace shelf::catalogue {

struct Title {
  long long id = 0;
  std::string isbn;
  std::string title;
  int year = 0;
  std::string material = "book";
  std::vector<std::string> authors;
};

struct Copy {
  long long id = 0;
  long long titleId = 0;
  std::string barcode;
  std::string branch;
  std::string status;
};

// ISBN-13 check digit; the old kiosks accepted anything.
bool isValidIsbn(const std::string& isbn);

}  // namespace shelf::catalogue
