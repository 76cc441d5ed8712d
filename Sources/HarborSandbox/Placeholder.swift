import HarborCore
