// Room allocation. Lives next to the staff code because the practice
// manager who asked for it also owned the rota; it is scheduling logic.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vet::db {
class Db;
}

struct RoomInfo {
    std::int64_t id = 0;
    std::string name;
    std::string kind;
    bool inService = true;
};

class RoomAllocator {
public:
    explicit RoomAllocator(vet::db::Db& db) : db_(db) {}

    std::int64_t addRoom(const std::string& name, const std::string& kind);
    std::vector<RoomInfo> rooms(bool onlyInService);
    // 0 when every room of that kind is taken.
    std::int64_t findFreeRoom(const std::string& kind, const std::string& start, const std::string& end);
    bool setInService(std::int64_t roomId, bool inService);
    double utilisation(std::int64_t roomId, const std::string& isoDate);

private:
    vet::db::Db& db_;
};
