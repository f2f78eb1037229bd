// Must not compile: see tests/layering/CMakeLists.txt.
#include "user_agent.h"

int main()
{
    return 0;
}
