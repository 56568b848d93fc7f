#include "pricing/pg_tariff_repository.hpp"

#include "common/strings.hpp"

namespace freight::pricing {

namespace {

const char* const kCurrentTariff =
    "SELECT id, origin_zone, dest_zone, service_level, base_rate, per_kg, per_m3, valid_from "
    "FROM pricing.tariffs "
    "WHERE origin_zone = $1 AND dest_zone = $2 AND service_level = $3 "
    "AND valid_from <= current_date AND (valid_to IS NULL OR valid_to >= current_date) "
    "ORDER BY valid_from DESC LIMIT 1";

}  // namespace

static Tariff tariffFromRow(const db::PgResult& rs, int row) {
    Tariff t;
    t.id = rs.getLong(row, 0);
    t.originZone = rs.get(row, 1);
    t.destZone = rs.get(row, 2);
    t.serviceLevel = rs.get(row, 3);
    t.baseRate = rs.getDouble(row, 4);
    t.perKg = rs.getDouble(row, 5);
    t.perM3 = rs.getDouble(row, 6);
    t.validFrom = rs.get(row, 7);
    return t;
}

std::optional<Tariff> PgTariffRepository::current(const std::string& origin, const std::string& dest,
                                                  const std::string& level) {
    auto rs = conn_.execParams(kCurrentTariff, {origin, dest, level});
    if (rs.rows() == 0) {
        return std::nullopt;
    }
    return tariffFromRow(rs, 0);
}

std::optional<double> PgTariffRepository::quote(const std::string& origin, const std::string& dest,
                                                const std::string& level, double kg, double m3) {
    auto rs = conn_.execParams("SELECT pricing.quote($1, $2, $3, $4, $5)",
                               {origin, dest, level, std::to_string(kg), std::to_string(m3)});
    if (rs.rows() == 0 || rs.isNull(0, 0)) {
        return std::nullopt;
    }
    return rs.getDouble(0, 0);
}

std::vector<Surcharge> PgTariffRepository::activeSurcharges() {
    auto rs = conn_.exec(
        "SELECT code, description, percent FROM pricing.surcharges "
        "WHERE active AND (valid_to IS NULL OR valid_to >= current_date) ORDER BY code");
    std::vector<Surcharge> out;
    for (int i = 0; i < rs.rows(); ++i) {
        out.push_back(Surcharge{rs.get(i, 0), rs.get(i, 1), rs.getDouble(i, 2)});
    }
    return out;
}

void PgTariffRepository::upsert(const Tariff& tariff) {
    conn_.execParams(R"(
        INSERT INTO pricing.tariffs
            (origin_zone, dest_zone, service_level, base_rate, per_kg, per_m3, valid_from)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (origin_zone, dest_zone, service_level, valid_from)
        DO UPDATE SET base_rate = EXCLUDED.base_rate,
                      per_kg = EXCLUDED.per_kg,
                      per_m3 = EXCLUDED.per_m3)",
                     {tariff.originZone, tariff.destZone, tariff.serviceLevel,
                      util::formatMoney(tariff.baseRate), std::to_string(tariff.perKg),
                      std::to_string(tariff.perM3), tariff.validFrom});
}

void PgTariffRepository::retireSurcharge(const std::string& code) {
    conn_.execParams(
        "UPDATE pricing.surcharges SET active = false, valid_to = current_date WHERE code = $1",
        {util::toUpper(code)});
}

std::vector<Tariff> PgTariffRepository::all() {
    auto rs = conn_.exec(
        "SELECT id, origin_zone, dest_zone, service_level, base_rate, per_kg, per_m3, valid_from "
        "FROM pricing.tariffs ORDER BY origin_zone, dest_zone, service_level, valid_from");
    std::vector<Tariff> out;
    for (int i = 0; i < rs.rows(); ++i) {
        out.push_back(tariffFromRow(rs, i));
    }
    return out;
}

}  // namespace freight::pricing
