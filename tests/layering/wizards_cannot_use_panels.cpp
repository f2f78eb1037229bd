// Must not compile: see tests/layering/CMakeLists.txt.
#include "tokens_panel.h"

int main()
{
    return 0;
}
