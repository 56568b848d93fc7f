#pragma once

#include <optional>
#include <string>
#include <vector>

namespace freight::sales {

struct OrderLine {
    long id = 0;
    long orderId = 0;
    std::string sku;
    int quantity = 0;
    double unitPrice = 0.0;
};

struct Order {
    long id = 0;
    long customerId = 0;
    long originWarehouseId = 0;
    std::string status = "new";
    std::string serviceLevel = "standard";
    std::string destAddress;
    std::string destZone;
    double weightKg = 0.0;
    double volumeM3 = 0.0;
    double totalPrice = 0.0;
};

class OrderRepository {
public:
    virtual ~OrderRepository() = default;
    virtual std::optional<Order> findById(long id) = 0;
    virtual std::vector<OrderLine> linesOf(long orderId) = 0;
    virtual long create(const Order& order, const std::vector<OrderLine>& lines) = 0;
    virtual void updateStatus(long id, const std::string& status) = 0;
    virtual void setPrice(long id, double price) = 0;
    virtual std::vector<Order> openForCustomer(long customerId) = 0;
    virtual std::vector<long> readyForDispatch(int limit) = 0;
    virtual std::vector<long> cancelStale(int days) = 0;
};

}  // namespace freight::sales
