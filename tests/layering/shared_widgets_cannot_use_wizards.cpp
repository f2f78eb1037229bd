// Must not compile: see tests/layering/CMakeLists.txt.
#include "bootstrap_wizard.h"

int main()
{
    return 0;
}
