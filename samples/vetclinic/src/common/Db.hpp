// Thin wrapper over the sqlite3 C API. Business code is supposed to go
// through Db::query/execute/insert; some older code still talks to
// sqlite3 directly through handle().
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace vet::db {

class DbError : public std::runtime_error {
public:
    DbError(const std::string& what, int code);
    int code() const { return code_; }

private:
    int code_;
};

class Value {
public:
    enum class Kind { Null, Int, Real, Text };

    Value() : kind_(Kind::Null) {}
    Value(std::nullptr_t) : kind_(Kind::Null) {}
    Value(int v) : kind_(Kind::Int), int_(v) {}
    Value(long v) : kind_(Kind::Int), int_(v) {}
    Value(long long v) : kind_(Kind::Int), int_(v) {}
    Value(double v) : kind_(Kind::Real), real_(v) {}
    Value(const char* v) : kind_(Kind::Text), text_(v) {}
    Value(std::string v) : kind_(Kind::Text), text_(std::move(v)) {}

    Kind kind() const { return kind_; }
    std::int64_t asInt() const { return int_; }
    double asReal() const { return real_; }
    const std::string& asText() const { return text_; }

private:
    Kind kind_;
    std::int64_t int_ = 0;
    double real_ = 0.0;
    std::string text_;
};

using Params = std::vector<Value>;

class Row {
public:
    void add(std::string name, std::optional<std::string> value);

    std::size_t size() const { return values_.size(); }
    bool isNull(std::size_t index) const;
    std::string text(std::size_t index) const;
    std::int64_t integer(std::size_t index) const;
    double real(std::size_t index) const;

    std::string text(const std::string& name) const;
    std::int64_t integer(const std::string& name) const;

private:
    std::size_t indexOf(const std::string& name) const;

    std::vector<std::string> names_;
    std::vector<std::optional<std::string>> values_;
};

using ResultSet = std::vector<Row>;

class Statement {
public:
    Statement(sqlite3* db, const std::string& sql);
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;
    ~Statement();

    void bind(int index, const Value& value);
    void bindAll(const Params& params);
    bool step();
    Row row() const;
    void reset();

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
};

class Db {
public:
    explicit Db(const std::string& path);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    void exec(const std::string& sql);
    ResultSet query(const std::string& sql, const Params& params = {});
    std::optional<Row> queryOne(const std::string& sql, const Params& params = {});
    std::int64_t scalar(const std::string& sql, const Params& params = {});
    int execute(const std::string& sql, const Params& params = {});
    std::int64_t insert(const std::string& sql, const Params& params = {});
    Statement prepare(const std::string& sql);

    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }
    std::int64_t lastInsertId() const;

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

// Rolls back on scope exit unless commit() ran.
class TransactionGuard {
public:
    explicit TransactionGuard(Db& db);
    ~TransactionGuard();
    TransactionGuard(const TransactionGuard&) = delete;
    TransactionGuard& operator=(const TransactionGuard&) = delete;
    void commit();

private:
    Db& db_;
    bool done_ = false;
};

// Runs every statement of a .sql file (the installer used to do this).
void applySchemaFile(Db& db, const std::string& path);

}  // namespace vet::db
