import CHNative
import CODBC
