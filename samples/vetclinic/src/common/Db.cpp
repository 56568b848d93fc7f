#include "common/Db.hpp"

#include "common/Logger.hpp"

#include <fstream>
#include <sstream>

namespace vet::db {

namespace {

std::string errorText(sqlite3* db, const std::string& context) {
    return context + ": " + (db != nullptr ? sqlite3_errmsg(db) : "no database");
}

}  // namespace

DbError::DbError(const std::string& what, int code) : std::runtime_error(what), code_(code) {}

// ------------------------------------------------------------------ Row

void Row::add(std::string name, std::optional<std::string> value) {
    names_.push_back(std::move(name));
    values_.push_back(std::move(value));
}

bool Row::isNull(std::size_t index) const { return index >= values_.size() || !values_[index].has_value(); }

std::string Row::text(std::size_t index) const { return isNull(index) ? std::string() : *values_[index]; }

std::int64_t Row::integer(std::size_t index) const {
    return isNull(index) ? 0 : std::stoll(*values_[index]);
}

double Row::real(std::size_t index) const { return isNull(index) ? 0.0 : std::stod(*values_[index]); }

std::size_t Row::indexOf(const std::string& name) const {
    for (std::size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == name) {
            return i;
        }
    }
    throw DbError("no column named " + name, SQLITE_RANGE);
}

std::string Row::text(const std::string& name) const { return text(indexOf(name)); }

std::int64_t Row::integer(const std::string& name) const { return integer(indexOf(name)); }

// ------------------------------------------------------------------ Statement

Statement::Statement(sqlite3* db, const std::string& sql) : db_(db), sql_(sql) {
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        throw DbError(errorText(db_, "prepare [" + sql + "]"), rc);
    }
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_), sql_(std::move(other.sql_)) {
    other.stmt_ = nullptr;
}

Statement::~Statement() {
    if (stmt_ != nullptr) {
        sqlite3_finalize(stmt_);
    }
}

void Statement::bind(int index, const Value& value) {
    int rc = SQLITE_OK;
    switch (value.kind()) {
    case Value::Kind::Null: rc = sqlite3_bind_null(stmt_, index); break;
    case Value::Kind::Int: rc = sqlite3_bind_int64(stmt_, index, value.asInt()); break;
    case Value::Kind::Real: rc = sqlite3_bind_double(stmt_, index, value.asReal()); break;
    case Value::Kind::Text:
        rc = sqlite3_bind_text(stmt_, index, value.asText().c_str(), -1, SQLITE_TRANSIENT);
        break;
    }
    if (rc != SQLITE_OK) {
        throw DbError(errorText(db_, "bind #" + std::to_string(index)), rc);
    }
}

void Statement::bindAll(const Params& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
        bind(static_cast<int>(i + 1), params[i]);
    }
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    throw DbError(errorText(db_, "step [" + sql_ + "]"), rc);
}

Row Statement::row() const {
    Row row;
    int count = sqlite3_column_count(stmt_);
    for (int i = 0; i < count; ++i) {
        const char* name = sqlite3_column_name(stmt_, i);
        if (sqlite3_column_type(stmt_, i) == SQLITE_NULL) {
            row.add(name, std::nullopt);
        } else {
            row.add(name, std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i))));
        }
    }
    return row;
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

// ------------------------------------------------------------------ Db

Db::Db(const std::string& path) : path_(path) {
    int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = errorText(db_, "open " + path);
        sqlite3_close(db_);
        db_ = nullptr;
        throw DbError(message, rc);
    }
    sqlite3_busy_timeout(db_, 2000);
    exec("PRAGMA foreign_keys = ON");
}

Db::~Db() {
    if (db_ != nullptr) {
        sqlite3_close(db_);
    }
}

void Db::exec(const std::string& sql) {
    char* error = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error != nullptr ? error : "unknown error";
        sqlite3_free(error);
        throw DbError("exec failed: " + message, rc);
    }
}

ResultSet Db::query(const std::string& sql, const Params& params) {
    Statement stmt = prepare(sql);
    stmt.bindAll(params);
    ResultSet rows;
    while (stmt.step()) {
        rows.push_back(stmt.row());
    }
    return rows;
}

std::optional<Row> Db::queryOne(const std::string& sql, const Params& params) {
    Statement stmt = prepare(sql);
    stmt.bindAll(params);
    if (stmt.step()) {
        return stmt.row();
    }
    return std::nullopt;
}

std::int64_t Db::scalar(const std::string& sql, const Params& params) {
    std::optional<Row> row = queryOne(sql, params);
    if (!row || row->size() == 0) {
        return 0;
    }
    return row->integer(std::size_t{0});
}

int Db::execute(const std::string& sql, const Params& params) {
    Statement stmt = prepare(sql);
    stmt.bindAll(params);
    while (stmt.step()) {
    }
    return sqlite3_changes(db_);
}

std::int64_t Db::insert(const std::string& sql, const Params& params) {
    execute(sql, params);
    return lastInsertId();
}

Statement Db::prepare(const std::string& sql) { return Statement(db_, sql); }

std::int64_t Db::lastInsertId() const { return sqlite3_last_insert_rowid(db_); }

// ------------------------------------------------------------------ TransactionGuard

TransactionGuard::TransactionGuard(Db& db) : db_(db) { db_.exec("BEGIN"); }

TransactionGuard::~TransactionGuard() {
    if (!done_) {
        try {
            db_.exec("ROLLBACK");
        } catch (const DbError& e) {
            util::Logger::instance().error("db", std::string("rollback failed: ") + e.what());
        }
    }
}

void TransactionGuard::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

void applySchemaFile(Db& db, const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw DbError("cannot read schema file " + path, SQLITE_CANTOPEN);
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    db.exec(buffer.str());
    util::Logger::instance().info("db", "schema applied from " + path);
}

}  // namespace vet::db
