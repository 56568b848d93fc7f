// Builtin SQL functions of PostgreSQL, MySQL and SQLite: a call to one of
// these is not a stored routine. Data, kept apart from the statement reader.
#include "sql/statement.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace cleave::sql {
namespace {

// Sorted for binary search.
// clang-format off
constexpr std::array kBuiltins = std::to_array<std::string_view>({
    "abs", "acos", "adddate", "addtime", "aes_decrypt", "aes_encrypt", "age", "any_value", "array_agg",
    "array_length", "ascii", "asin", "atan", "avg", "bin", "bit_and", "bit_count", "bit_length", "bit_or",
    "bit_xor", "bool_and", "bool_or", "btrim", "cast", "cbrt", "ceil", "ceiling", "char", "char_length",
    "character_length", "charindex", "chr", "coalesce", "compress", "concat", "concat_ws", "connection_id", "conv",
    "convert", "cos", "count", "crc32", "curdate", "current_date", "current_time", "current_timestamp",
    "current_user", "curtime", "database", "date", "date_add", "date_format", "date_part", "date_sub", "date_trunc",
    "datediff", "datetime", "day", "dayname", "dayofmonth", "dayofweek", "dayofyear", "decode", "degrees",
    "dense_rank", "elt", "encode", "exp", "export_set", "extract", "field", "find_in_set", "first_value", "floor",
    "format", "found_rows", "from_base64", "from_days", "from_unixtime", "generate_series", "get_lock", "glob",
    "greatest", "group_concat", "grouping", "hex", "hour", "if", "ifnull", "iif", "inet6_aton", "inet6_ntoa",
    "inet_aton", "inet_ntoa", "initcap", "instr", "is_free_lock", "is_ipv4", "is_ipv6", "isnull", "json_agg",
    "json_array", "json_build_object", "json_contains", "json_extract", "json_keys", "json_length", "json_object",
    "json_set", "json_unquote", "jsonb_agg", "jsonb_build_object", "julianday", "lag", "last_insert_id",
    "last_insert_rowid", "last_value", "lastval", "lcase", "lead", "least", "left", "length", "like", "likelihood",
    "ln", "localtime", "localtimestamp", "locate", "log", "log10", "lower", "lpad", "ltrim", "make_date",
    "make_set", "makedate", "maketime", "max", "md5", "mid", "min", "minute", "mod", "month", "monthname",
    "nextval", "now", "nth_value", "ntile", "nullif", "oct", "octet_length", "ord", "percent_rank", "period_add",
    "period_diff", "pi", "position", "pow", "power", "printf", "quarter", "quote", "radians", "rand", "random",
    "rank", "regexp_like", "regexp_replace", "regexp_substr", "release_lock", "repeat", "replace", "reverse",
    "right", "round", "row_count", "row_number", "rpad", "rtrim", "schema", "sec_to_time", "second", "session_user",
    "setval", "sha", "sha1", "sha2", "sign", "sin", "sleep", "soundex", "space", "split_part", "sqrt", "std",
    "stddev", "stddev_pop", "stddev_samp", "str_to_date", "strcmp", "strftime", "string_agg", "strpos", "substr",
    "substring", "sum", "sysdate", "tan", "time", "time_to_sec", "timestamp", "timestampdiff", "to_base64",
    "to_char", "to_date", "to_days", "to_number", "to_timestamp", "total", "total_changes", "trim", "trunc",
    "truncate", "typeof", "ucase", "uncompress", "unhex", "unix_timestamp", "unixepoch", "upper", "user",
    "utc_date", "utc_time", "utc_timestamp", "uuid", "uuid_short", "values", "var_pop", "var_samp", "variance",
    "version", "week", "weekday", "year", "yearweek", "zeroblob",
});
// clang-format on

}  // namespace

bool is_builtin_function(std::string_view lower_name) {
  return std::binary_search(kBuiltins.begin(), kBuiltins.end(), lower_name);
}

}  // namespace cleave::sql
