// Must not compile: see tests/layering/CMakeLists.txt.
#include "token_table_model.h"

int main()
{
    return 0;
}
