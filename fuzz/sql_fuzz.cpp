// libFuzzer target for the SQL extractor: lexer, dialect normaliser,
// libpg_query walk, token fallback and schema reader must take any bytes
// without crashing, hanging or leaking.
#include "sql/lexer.hpp"
#include "sql/schema.hpp"
#include "sql/statement.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1 << 16) return 0;  // statements in code are short; keep iterations fast
  std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = cleave::sql::parse_sql(text);
  for (const auto& st : parsed.statements) {
    // Names must come out normalised: no quotes, no placeholder residue, no upper case.
    for (const auto& t : st.tables) {
      if (t.name.empty() || t.name.find(cleave::sql::kPlaceholderWord) != std::string::npos) __builtin_trap();
      for (char c : t.name) {
        if (c >= 'A' && c <= 'Z') __builtin_trap();
      }
    }
    if (st.routine) cleave::sql::parse_sql(st.routine->body);
  }
  (void)cleave::sql::normalise_dialect(text);
  cleave::sql::Schema schema;
  cleave::sql::add_schema_text(schema, text, "fuzz.sql");
  return 0;
}
