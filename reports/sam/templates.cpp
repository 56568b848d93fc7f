#include "reports/sam/sam.hpp"
