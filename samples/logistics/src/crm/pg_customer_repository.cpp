#include "crm/pg_customer_repository.hpp"

#include "common/strings.hpp"
#include "db/sql_names.hpp"

namespace freight::crm {

Customer PgCustomerRepository::fromRow(const db::PgResult& rs, int row) {
    Customer c;
    c.id = rs.getLong(row, 0);
    c.code = rs.get(row, 1);
    c.name = rs.get(row, 2);
    c.email = rs.get(row, 3);
    c.creditLimit = rs.getDouble(row, 4);
    c.balance = rs.getDouble(row, 5);
    c.status = rs.get(row, 6);
    return c;
}

std::optional<Customer> PgCustomerRepository::findById(long id) {
    auto rs = conn_.execParams(std::string(db::kSelectCustomerColumns) + "WHERE id = $1",
                               {std::to_string(id)});
    if (rs.rows() == 0) {
        return std::nullopt;
    }
    return fromRow(rs, 0);
}

std::optional<Customer> PgCustomerRepository::findByCode(const std::string& code) {
    auto rs = conn_.execParams(
        "SELECT id, code, name, email, credit_limit, balance, status FROM customers WHERE code = $1",
        {util::toUpper(code)});
    if (rs.rows() == 0) {
        return std::nullopt;
    }
    return fromRow(rs, 0);
}

long PgCustomerRepository::save(const Customer& customer) {
    // Re-imports from the CRM export reuse the customer code, so an existing row is refreshed.
    static const char* kUpsert = R"SQL(
        INSERT INTO public.customers (code, name, email, credit_limit, status)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (code) DO UPDATE
           SET name = EXCLUDED.name,
               email = EXCLUDED.email,
               credit_limit = EXCLUDED.credit_limit
        RETURNING id
    )SQL";
    auto rs = conn_.execParams(kUpsert, {customer.code, customer.name, customer.email,
                                         util::formatMoney(customer.creditLimit), customer.status});
    return rs.getLong(0, 0);
}

void PgCustomerRepository::adjustBalance(long id, double delta) {
    conn_.execParams("UPDATE customers SET balance = balance + $2 WHERE id = $1",
                     {std::to_string(id), util::formatMoney(delta)});
}

void PgCustomerRepository::setStatus(long id, const std::string& status) {
    conn_.execParams("UPDATE \"public\".\"customers\" SET status = $2 WHERE id = $1",
                     {std::to_string(id), status});
}

std::vector<Customer> PgCustomerRepository::delinquent() {
    const std::string sql = std::string(db::kSelectCustomerColumns) +
                            "c WHERE c.balance > c.credit_limit AND EXISTS (SELECT 1 FROM " +
                            db::kBillingSchema +
                            ".invoices i WHERE i.customer_id = c.id AND i.status = 'overdue') "
                            "ORDER BY c.code";
    auto rs = conn_.exec(sql);
    std::vector<Customer> out;
    for (int i = 0; i < rs.rows(); ++i) {
        out.push_back(fromRow(rs, i));
    }
    return out;
}

long PgCustomerRepository::addContact(const Contact& contact) {
    if (contact.primary) {
        conn_.execParams("UPDATE customer_contacts SET is_primary = false WHERE customer_id = $1",
                         {std::to_string(contact.customerId)});
    }
    auto rs = conn_.execParams(
        "INSERT INTO customer_contacts (customer_id, name, phone, email, is_primary) "
        "VALUES ($1, $2, $3, $4, $5) RETURNING id",
        {std::to_string(contact.customerId), contact.name, contact.phone, contact.email,
         contact.primary ? "true" : "false"});
    return rs.getLong(0, 0);
}

std::vector<Contact> PgCustomerRepository::contactsOf(long customerId) {
    auto rs = conn_.execParams(
        "SELECT id, customer_id, name, phone, email, is_primary FROM public.customer_contacts "
        "WHERE customer_id = $1 ORDER BY is_primary DESC, name",
        {std::to_string(customerId)});
    std::vector<Contact> out;
    for (int i = 0; i < rs.rows(); ++i) {
        Contact c;
        c.id = rs.getLong(i, 0);
        c.customerId = rs.getLong(i, 1);
        c.name = rs.get(i, 2);
        c.phone = rs.get(i, 3);
        c.email = rs.get(i, 4);
        c.primary = rs.getBool(i, 5);
        out.push_back(c);
    }
    return out;
}

}  // namespace freight::crm
