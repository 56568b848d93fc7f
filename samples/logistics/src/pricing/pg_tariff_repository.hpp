#pragma once

#include "db/pg_connection.hpp"
#include "pricing/tariff.hpp"

namespace freight::pricing {

class PgTariffRepository : public TariffRepository {
public:
    explicit PgTariffRepository(db::PgConnection& conn) : conn_(conn) {}

    std::optional<Tariff> current(const std::string& origin, const std::string& dest,
                                  const std::string& level) override;
    std::optional<double> quote(const std::string& origin, const std::string& dest,
                                const std::string& level, double kg, double m3) override;
    std::vector<Surcharge> activeSurcharges() override;
    void upsert(const Tariff& tariff) override;
    void retireSurcharge(const std::string& code) override;
    std::vector<Tariff> all() override;

private:
    db::PgConnection& conn_;
};

}  // namespace freight::pricing
