#include "db/pg_connection.hpp"

#include "common/logger.hpp"

#include <cstdlib>
#include <utility>

namespace freight::db {

DbError::DbError(const std::string& what, const std::string& sqlState)
    : std::runtime_error(what), sqlState_(sqlState) {}

PgResult::PgResult(PGresult* result) : result_(result) {}

PgResult::PgResult(PgResult&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
    if (this != &other) {
        if (result_) {
            PQclear(result_);
        }
        result_ = std::exchange(other.result_, nullptr);
    }
    return *this;
}

PgResult::~PgResult() {
    if (result_) {
        PQclear(result_);
    }
}

int PgResult::rows() const {
    return result_ ? PQntuples(result_) : 0;
}

bool PgResult::isNull(int row, int col) const {
    return !result_ || PQgetisnull(result_, row, col) == 1;
}

std::string PgResult::get(int row, int col) const {
    if (isNull(row, col)) {
        return std::string();
    }
    return PQgetvalue(result_, row, col);
}

long PgResult::getLong(int row, int col) const {
    return isNull(row, col) ? 0 : std::strtol(PQgetvalue(result_, row, col), nullptr, 10);
}

double PgResult::getDouble(int row, int col) const {
    return isNull(row, col) ? 0.0 : std::strtod(PQgetvalue(result_, row, col), nullptr);
}

bool PgResult::getBool(int row, int col) const {
    return !isNull(row, col) && PQgetvalue(result_, row, col)[0] == 't';
}

long PgResult::affected() const {
    if (!result_) {
        return 0;
    }
    const char* count = PQcmdTuples(result_);
    return count[0] ? std::strtol(count, nullptr, 10) : 0;
}

PgResult checkResult(PGconn* conn, PGresult* result, const std::string& sql) {
    ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        return PgResult(result);
    }
    std::string state;
    std::string message = conn ? PQerrorMessage(conn) : "no connection";
    if (result) {
        const char* code = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        state = code ? code : "";
        PQclear(result);
    }
    util::Logger::instance().error("db", message + " while running: " + sql.substr(0, 120));
    throw DbError(message, state);
}

PgConnection::PgConnection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
        std::string message = PQerrorMessage(conn_);
        PQfinish(conn_);
        conn_ = nullptr;
        throw DbError("connection failed: " + message, "08000");
    }
}

PgConnection::~PgConnection() {
    if (conn_) {
        PQfinish(conn_);
    }
}

PgResult PgConnection::exec(const std::string& sql) {
    util::Logger::instance().debug("db", sql);
    return checkResult(conn_, PQexec(conn_, sql.c_str()), sql);
}

PgResult PgConnection::execParams(const std::string& sql, const std::vector<std::string>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) {
        values.push_back(p.c_str());
    }
    util::Logger::instance().debug("db", sql);
    PGresult* result = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                    values.data(), nullptr, nullptr, 0);
    return checkResult(conn_, result, sql);
}

void PgConnection::prepare(const std::string& name, const std::string& sql, int paramCount) {
    checkResult(conn_, PQprepare(conn_, name.c_str(), sql.c_str(), paramCount, nullptr), sql);
}

PgResult PgConnection::execPrepared(const std::string& name, const std::vector<std::string>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) {
        values.push_back(p.c_str());
    }
    PGresult* result = PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()),
                                      values.data(), nullptr, nullptr, 0);
    return checkResult(conn_, result, name);
}

bool PgConnection::isOpen() const {
    return conn_ && PQstatus(conn_) == CONNECTION_OK;
}

std::string PgConnection::escapeLiteral(const std::string& value) {
    char* escaped = PQescapeLiteral(conn_, value.c_str(), value.size());
    if (!escaped) {
        throw DbError(PQerrorMessage(conn_), "22000");
    }
    std::string out(escaped);
    PQfreemem(escaped);
    return out;
}

PGconn* PgConnection::raw() {
    return conn_;
}

}  // namespace freight::db
