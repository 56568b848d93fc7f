#pragma once

#include <libpq-fe.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace freight::db {

class DbError : public std::runtime_error {
public:
    DbError(const std::string& what, const std::string& sqlState);
    const std::string& sqlState() const { return sqlState_; }

private:
    std::string sqlState_;
};

// Owns one PGresult. Column access by index, as everywhere in this code base.
class PgResult {
public:
    explicit PgResult(PGresult* result);
    PgResult(PgResult&& other) noexcept;
    PgResult& operator=(PgResult&& other) noexcept;
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;
    ~PgResult();

    int rows() const;
    bool isNull(int row, int col) const;
    std::string get(int row, int col) const;
    long getLong(int row, int col) const;
    double getDouble(int row, int col) const;
    bool getBool(int row, int col) const;
    long affected() const;

private:
    PGresult* result_;
};

class PgConnection {
public:
    explicit PgConnection(const std::string& conninfo);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    PgResult exec(const std::string& sql);
    PgResult execParams(const std::string& sql, const std::vector<std::string>& params);
    void prepare(const std::string& name, const std::string& sql, int paramCount);
    PgResult execPrepared(const std::string& name, const std::vector<std::string>& params);

    bool isOpen() const;
    std::string escapeLiteral(const std::string& value);
    PGconn* raw();

private:
    PGconn* conn_;
};

// Throws DbError unless the result is a success status; frees the result on failure.
PgResult checkResult(PGconn* conn, PGresult* result, const std::string& sql);

}  // namespace freight::db
