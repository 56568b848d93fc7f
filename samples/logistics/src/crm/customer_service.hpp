#pragma once

#include "crm/customer.hpp"

#include <optional>
#include <string>

namespace freight::crm {

class CustomerService {
public:
    explicit CustomerService(CustomerRepository& repo) : repo_(repo) {}

    long registerCustomer(const std::string& code, const std::string& name, const std::string& email,
                          double creditLimit);
    bool canCharge(long customerId, double amount);
    void charge(long customerId, double amount);
    void credit(long customerId, double amount);
    int suspendDelinquent();
    std::optional<Contact> primaryContact(long customerId);
    long addContact(long customerId, const std::string& name, const std::string& phone,
                    const std::string& email, bool primary);
    std::string describe(long customerId);

private:
    CustomerRepository& repo_;
};

bool isValidCustomerCode(const std::string& code);

}  // namespace freight::crm
