// Must not compile: see tests/layering/CMakeLists.txt.
#include "bootstrap_apply.h"

int main()
{
    return 0;
}
