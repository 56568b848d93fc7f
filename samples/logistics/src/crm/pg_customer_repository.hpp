#pragma once

#include "crm/customer.hpp"
#include "db/pg_connection.hpp"

namespace freight::crm {

class PgCustomerRepository : public CustomerRepository {
public:
    explicit PgCustomerRepository(db::PgConnection& conn) : conn_(conn) {}

    std::optional<Customer> findById(long id) override;
    std::optional<Customer> findByCode(const std::string& code) override;
    long save(const Customer& customer) override;
    void adjustBalance(long id, double delta) override;
    void setStatus(long id, const std::string& status) override;
    std::vector<Customer> delinquent() override;
    long addContact(const Contact& contact) override;
    std::vector<Contact> contactsOf(long customerId) override;

private:
    static Customer fromRow(const db::PgResult& rs, int row);
    db::PgConnection& conn_;
};

}  // namespace freight::crm
