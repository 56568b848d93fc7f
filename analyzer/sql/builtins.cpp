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
    "array_length", "array_position", "array_remove", "array_to_json", "array_to_string", "ascii", "asin", "atan",
    "avg", "benchmark", "bin", "bit_and", "bit_count", "bit_length", "bit_or", "bit_xor", "bool_and", "bool_or",
    "btrim", "cardinality", "cast", "cbrt", "ceil", "ceiling", "changes", "char", "char_length", "character_length",
    "charindex", "charset", "chr", "clock_timestamp", "coalesce", "col_description", "collation", "compress",
    "concat", "concat_ws", "connection_id", "conv", "convert", "cos", "count", "crc32", "curdate",
    "current_catalog", "current_database", "current_date", "current_query", "current_role", "current_schema",
    "current_schemas", "current_setting", "current_time", "current_timestamp", "current_user", "curtime",
    "database", "database_to_xml", "date", "date_add", "date_format", "date_part", "date_sub", "date_trunc",
    "datediff", "datetime", "day", "dayname", "dayofmonth", "dayofweek", "dayofyear", "decode", "degrees",
    "dense_rank", "elt", "encode", "exp", "export_set", "extract", "field", "find_in_set", "first_value", "floor",
    "format", "format_type", "found_rows", "from_base64", "from_days", "from_unixtime", "gen_random_uuid",
    "generate_series", "get_lock", "getdatabaseencoding", "glob", "greatest", "group_concat", "grouping",
    "has_database_privilege", "has_function_privilege", "has_schema_privilege", "has_table_privilege", "hex",
    "hour", "if", "ifnull", "iif", "inet6_aton", "inet6_ntoa", "inet_aton", "inet_client_addr", "inet_ntoa",
    "inet_server_addr", "initcap", "instr", "is_free_lock", "is_ipv4", "is_ipv6", "is_used_lock", "isfinite",
    "isnull", "json_agg", "json_array", "json_build_object", "json_contains", "json_extract", "json_group_array",
    "json_group_object", "json_keys", "json_length", "json_object", "json_set", "json_unquote", "jsonb_agg",
    "jsonb_build_object", "julianday", "justify_days", "justify_hours", "lag", "last_day", "last_insert_id",
    "last_insert_rowid", "last_value", "lastval", "lcase", "lead", "least", "left", "length", "like", "likelihood",
    "likely", "ln", "localtime", "localtimestamp", "locate", "log", "log10", "lower", "lpad", "ltrim", "make_date",
    "make_interval", "make_set", "make_timestamp", "make_timestamptz", "makedate", "maketime", "max", "md5", "mid",
    "min", "minute", "mod", "month", "monthname", "nextval", "now", "nth_value", "ntile", "nullif",
    "obj_description", "oct", "octet_length", "ord", "percent_rank", "period_add", "period_diff", "pi",
    "plainto_tsquery", "position", "pow", "power", "printf", "quarter", "quote", "quote_ident", "quote_literal",
    "quote_nullable", "radians", "rand", "random", "randomblob", "rank", "regexp_like", "regexp_matches",
    "regexp_replace", "regexp_split_to_array", "regexp_split_to_table", "regexp_substr", "release_all_locks",
    "release_lock", "repeat", "replace", "reverse", "right", "round", "row_count", "row_number", "row_to_json",
    "rpad", "rtrim", "schema", "schema_name", "sec_to_time", "second", "session_user", "set_config", "setval",
    "sha", "sha1", "sha2", "sha224", "sha256", "sha384", "sha512", "sign", "sin", "sleep", "soundex", "space", "split_part", "sqlite_source_id",
    "sqlite_version", "sqrt", "statement_timestamp", "std", "stddev", "stddev_pop", "stddev_samp", "str_to_date",
    "strcmp", "strftime", "string_agg", "string_to_array", "strpos", "substr", "substring", "sum", "sys_guid",
    "sysdate", "tan", "time", "time_to_sec", "timeofday", "timestamp", "timestampdiff", "to_base64", "to_char",
    "to_date", "to_days", "to_json", "to_jsonb", "to_number", "to_regclass", "to_timestamp", "to_tsquery",
    "to_tsvector", "total", "total_changes", "transaction_timestamp", "trim", "trunc", "truncate", "ts_headline",
    "ts_rank", "txid_current", "typeof", "ucase", "uncompress", "unhex", "unix_timestamp", "unixepoch", "unlikely",
    "unnest", "upper", "user", "utc_date", "utc_time", "utc_timestamp", "uuid", "uuid_generate_v4", "uuid_short",
    "values", "var_pop", "var_samp", "variance", "version", "websearch_to_tsquery", "week", "weekday",
    "width_bucket", "year", "yearweek", "zeroblob",
});
// clang-format on

}  // namespace

bool is_builtin_function(std::string_view lower_name) {
  // PostgreSQL reserves pg_ for its own functions (pg_advisory_lock,
  // pg_sleep, pg_get_serial_sequence ...); json and jsonb functions are many.
  for (std::string_view prefix : {"pg_", "json_", "jsonb_"}) {
    if (lower_name.substr(0, prefix.size()) == prefix) return true;
  }
  return std::binary_search(kBuiltins.begin(), kBuiltins.end(), lower_name);
}

}  // namespace cleave::sql
