// Must not compile: see tests/layering/CMakeLists.txt.
#include "main_window.h"

int main()
{
    return 0;
}
