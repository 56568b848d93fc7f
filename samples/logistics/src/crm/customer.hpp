#pragma once

#include <optional>
#include <string>
#include <vector>

namespace freight::crm {

struct Customer {
    long id = 0;
    std::string code;
    std::string name;
    std::string email;
    double creditLimit = 0.0;
    double balance = 0.0;
    std::string status = "active";
};

struct Contact {
    long id = 0;
    long customerId = 0;
    std::string name;
    std::string phone;
    std::string email;
    bool primary = false;
};

class CustomerRepository {
public:
    virtual ~CustomerRepository() = default;
    virtual std::optional<Customer> findById(long id) = 0;
    virtual std::optional<Customer> findByCode(const std::string& code) = 0;
    virtual long save(const Customer& customer) = 0;
    virtual void adjustBalance(long id, double delta) = 0;
    virtual void setStatus(long id, const std::string& status) = 0;
    virtual std::vector<Customer> delinquent() = 0;
    virtual long addContact(const Contact& contact) = 0;
    virtual std::vector<Contact> contactsOf(long customerId) = 0;
};

}  // namespace freight::crm
